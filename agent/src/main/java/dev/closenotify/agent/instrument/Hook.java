package dev.closenotify.agent.instrument;

import java.util.List;

/**
 * One place in a JDK class that the agent rewrites. Names and descriptors are matched exactly:
 * a JDK build where they differ gets a clear "not found" line and an untouched class.
 *
 * @param internalClassName the class as the JVM names it to transformers ({@code a/b/C})
 * @param method the method's name
 * @param descriptor the method's JVM descriptor
 * @param advice the advice class inlined at its entry
 * @param consequence what the user loses when the hook cannot be applied
 */
public record Hook(String internalClassName, String method, String descriptor, Class<?> advice,
        String consequence) {

    public static final Hook SOCKET_EOF = new Hook("sun/security/ssl/SSLSocketImpl", "handleEOF",
            "(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;", SocketEofAdvice.class,
            "socket truncation is not detected");

    public static final Hook ENGINE_CLOSE_INBOUND = new Hook("sun/security/ssl/SSLEngineImpl",
            "closeInbound", "()V", EngineCloseInboundAdvice.class,
            "engine truncation is not detected");

    /** The JDK HttpClient's TLS reader ending its stream; see {@link HttpClientEofAdvice}. */
    public static final Hook HTTP_CLIENT_END = new Hook(
            "jdk/internal/net/http/common/SubscriberWrapper", "outgoing", "(Ljava/util/List;Z)V",
            HttpClientEofAdvice.class, "java.net.http.HttpClient truncation is not detected");

    public static final List<Hook> JSSE = List.of(SOCKET_EOF, ENGINE_CLOSE_INBOUND, HTTP_CLIENT_END);

    public String className() {
        return internalClassName.replace('/', '.');
    }

    /** {@code SSLSocketImpl.handleEOF}: how messages name the hook. */
    public String displayName() {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1) + "." + method;
    }

    public String notFoundMessage() {
        return displayName() + " not found on " + System.getProperty("java.version") + "; "
                + consequence;
    }
}
