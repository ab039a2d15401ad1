package dev.closenotify.agent.stacks.httpclient;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/** The JDK HttpClient ({@code java.net.http}): its TLS reader. Strings only. */
public final class HttpClientTargets extends StackTargets {

    public static final String READER = "jdk/internal/net/http/common/SSLFlowDelegate$Reader";

    public HttpClientTargets() {
        super(true, "SSLFlowDelegate$Reader.processData", READER);
    }

    @Override
    public Stack define(int firstHook) {
        return HttpClientStack.define(firstHook);
    }
}
