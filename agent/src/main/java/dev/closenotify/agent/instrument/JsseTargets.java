package dev.closenotify.agent.instrument;

import java.util.List;

/**
 * The JDK classes the agent rewrites, by the names the JVM gives transformers. Plain strings in a
 * class of their own: every class load of the application is checked against them, from premain
 * on, without loading the hook definitions, the weaver or anything else.
 */
public final class JsseTargets {

    public static final String SOCKET = "sun/security/ssl/SSLSocketImpl";
    public static final String SOCKET_INPUT = "sun/security/ssl/SSLSocketImpl$AppInputStream";
    public static final String SOCKET_OUTPUT = "sun/security/ssl/SSLSocketImpl$AppOutputStream";
    public static final String ENGINE = "sun/security/ssl/SSLEngineImpl";
    public static final String HTTP_CLIENT_READER =
            "jdk/internal/net/http/common/SSLFlowDelegate$Reader";

    /** Every target, in binary form ({@code a.b.C$D}), to find those loaded before the agent. */
    public static final List<String> BINARY_NAMES = List.of(
            SOCKET.replace('/', '.'), SOCKET_INPUT.replace('/', '.'),
            SOCKET_OUTPUT.replace('/', '.'), ENGINE.replace('/', '.'),
            HTTP_CLIENT_READER.replace('/', '.'));

    /** How the start-up line names the hooks; a test keeps it equal to {@link Hook#JSSE}. */
    public static final String HOOK_NAMES =
            "SSLSocketImpl.handleEOF, SSLEngineImpl.closeInbound, SSLFlowDelegate$Reader.processData";

    private JsseTargets() {
    }

    public static boolean contains(String internalName) {
        switch (internalName) {
            case SOCKET:
            case SOCKET_INPUT:
            case SOCKET_OUTPUT:
            case ENGINE:
            case HTTP_CLIENT_READER:
                return true;
            default:
                return false;
        }
    }
}
