package dev.closenotify.agent.instrument;

import java.util.List;

/**
 * One detection point in a JDK class. Names and descriptors are matched exactly: a JDK build where
 * they differ gets a clear "not found" line and an untouched class.
 *
 * @param internalClassName the class as the JVM names it to transformers ({@code a/b/C})
 * @param method the method's name
 * @param descriptor the method's JVM descriptor
 * @param site where in the method the code goes
 * @param emitter the code
 * @param requires fields the code reads, checked before weaving
 * @param consequence what the user loses when the hook cannot be applied
 */
public record Hook(String internalClassName, String method, String descriptor, Site site,
        Emitter emitter, List<FieldRef> requires, String consequence) {

    private static final String CONTEXT = "Lsun/security/ssl/TransportContext;";
    private static final String HTTP = "jdk/internal/net/http/common/";

    public static final Hook SOCKET_EOF = new Hook(JsseTargets.SOCKET, "handleEOF",
            "(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;", Site.ENTRY,
            Emitters.socketEof(CONTEXT),
            List.of(new FieldRef(JsseTargets.SOCKET, "conContext", CONTEXT)),
            "socket truncation is not detected");

    public static final Hook ENGINE_CLOSE_INBOUND = new Hook(JsseTargets.ENGINE, "closeInbound",
            "()V", Site.ENTRY, Emitters.engineCloseInbound(CONTEXT),
            List.of(new FieldRef(JsseTargets.ENGINE, "conContext", CONTEXT)),
            "engine truncation is not detected");

    private static final FieldRef READER_OUTER = new FieldRef(JsseTargets.HTTP_CLIENT_READER,
            "this$0", "L" + HTTP + "SSLFlowDelegate;");
    private static final FieldRef DELEGATE_ENGINE = new FieldRef(HTTP + "SSLFlowDelegate", "engine",
            "Ljavax/net/ssl/SSLEngine;");

    /** The JDK HttpClient's TLS reader passing end-of-stream on, close_notify or not. */
    public static final Hook HTTP_CLIENT_END = new Hook(JsseTargets.HTTP_CLIENT_READER,
            "processData", "()V", Site.beforeCall("outgoing", "(Ljava/util/List;Z)V"),
            Emitters.httpClientOutgoing(READER_OUTER, DELEGATE_ENGINE),
            List.of(READER_OUTER, DELEGATE_ENGINE),
            "java.net.http.HttpClient truncation is not detected");

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
