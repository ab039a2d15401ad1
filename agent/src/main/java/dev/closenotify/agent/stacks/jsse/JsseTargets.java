package dev.closenotify.agent.stacks.jsse;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/**
 * SunJSSE's sockets and engines: the classes rewritten, by the names the JVM gives
 * transformers. Strings only (see {@link StackTargets}).
 */
public final class JsseTargets extends StackTargets {

    public static final String SOCKET = "sun/security/ssl/SSLSocketImpl";
    public static final String SOCKET_INPUT = "sun/security/ssl/SSLSocketImpl$AppInputStream";
    public static final String SOCKET_OUTPUT = "sun/security/ssl/SSLSocketImpl$AppOutputStream";
    public static final String ENGINE = "sun/security/ssl/SSLEngineImpl";

    public JsseTargets() {
        super(true, "SSLSocketImpl.handleEOF, SSLEngineImpl.closeInbound",
                SOCKET, SOCKET_INPUT, SOCKET_OUTPUT, ENGINE);
    }

    @Override
    public Stack define(int firstHook) {
        return JsseStack.define(firstHook);
    }
}
