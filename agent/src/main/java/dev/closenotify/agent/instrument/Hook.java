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
 * @param entryCall the same code as a plain call at the entry, when it is one (see
 *     {@link EntryPatch}); else null
 */
public record Hook(String internalClassName, String method, String descriptor, Site site,
        Emitter emitter, List<FieldRef> requires, String consequence, EntryCall entryCall) {

    private static final String CONTEXT = "Lsun/security/ssl/TransportContext;";
    private static final String HTTP = "jdk/internal/net/http/common/";
    private static final String LOOKUP = "Ljava/lang/invoke/MethodHandles$Lookup;";

    /** A hook whose code is not a plain entry call. */
    public Hook(String internalClassName, String method, String descriptor, Site site,
            Emitter emitter, List<FieldRef> requires, String consequence) {
        this(internalClassName, method, descriptor, site, emitter, requires, consequence, null);
    }

    /** A hook that is a bridge call at the method's entry. */
    static Hook atEntry(String internalClassName, String method, String descriptor,
            EntryCall call, String consequence) {
        return new Hook(internalClassName, method, descriptor, Site.ENTRY, call.emitter(),
                call.fields(internalClassName), consequence, call);
    }

    /** {@code Bridge.socketEof(this, this.conContext, eof, MethodHandles.lookup())}. */
    static EntryCall socketEofCall(String contextDescriptor) {
        return new EntryCall("socketEof", "(Ljava/lang/Object;Ljava/lang/Object;"
                + "Ljava/io/EOFException;" + LOOKUP + ")V", List.of(EntryCall.Arg.self(),
                        EntryCall.Arg.field("conContext", contextDescriptor),
                        EntryCall.Arg.local(1), EntryCall.Arg.lookup()));
    }

    /** {@code Bridge.engineCloseInbound(this, this.conContext, MethodHandles.lookup())}. */
    static EntryCall engineCloseInboundCall(String contextDescriptor) {
        return new EntryCall("engineCloseInbound", "(Ljava/lang/Object;Ljava/lang/Object;"
                + LOOKUP + ")V", List.of(EntryCall.Arg.self(),
                        EntryCall.Arg.field("conContext", contextDescriptor),
                        EntryCall.Arg.lookup()));
    }

    public static final Hook SOCKET_EOF = atEntry(JsseTargets.SOCKET, "handleEOF",
            "(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;", socketEofCall(CONTEXT),
            "socket truncation is not detected");

    public static final Hook ENGINE_CLOSE_INBOUND = atEntry(JsseTargets.ENGINE, "closeInbound",
            "()V", engineCloseInboundCall(CONTEXT), "engine truncation is not detected");

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

    /** {@code SSLSocketImpl.handleEOF}: how messages name the hook. */
    public String displayName() {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1) + "." + method;
    }

    public String notFoundMessage() {
        return displayName() + " not found on " + System.getProperty("java.version") + "; "
                + consequence;
    }
}
