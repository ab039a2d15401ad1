package dev.closenotify.agent.stacks.httpcore;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/**
 * Apache HttpCore's non-blocking TLS sessions: HttpCore 5 ({@code SSLIOSession} of
 * {@code org.apache.hc.core5.reactor.ssl}: HttpClient 5 async, the OpenSearch client) and
 * httpcore-nio 4.4 ({@code org.apache.http.nio.reactor.ssl}: HttpAsyncClient 4.1, the
 * Elasticsearch low-level REST client). Strings only (see {@link StackTargets}).
 */
public final class HttpCoreTargets extends StackTargets {

    static final String SESSION5 = "org/apache/hc/core5/reactor/ssl/SSLIOSession";
    static final String SESSION4 = "org/apache/http/nio/reactor/ssl/SSLIOSession";

    public HttpCoreTargets() {
        super(false, "SSLIOSession.decryptData, SSLIOSession.readPlain", SESSION5, SESSION4);
    }

    @Override
    public Stack define(int firstHook) {
        return HttpCoreStack.define(firstHook);
    }
}
