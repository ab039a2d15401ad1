package dev.closenotify.agent.stacks.jsse;

import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.util.List;

/**
 * SunJSSE: the socket's {@code handleEOF} (reached only when a transport EOF came without
 * close_notify), the engine's {@code closeInbound()} (which libraries call at the transport EOF),
 * and byte counters on the socket's streams and the engine. Peer details come from the public
 * {@code SSLSocket}/{@code SSLEngine} API (never a DNS lookup); JSSE internals through
 * {@link JsseAccess}.
 */
final class JsseStack {

    static final String CONTEXT = "Lsun/security/ssl/TransportContext;";
    private static final String ENGINE_ARRAYS =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";

    private JsseStack() {
    }

    static Stack define(int firstHook) {
        Hook socketEof = Hook.atEntry(JsseTargets.SOCKET, "handleEOF",
                "(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;",
                socketEofCall(firstHook, CONTEXT), "socket truncation is not detected");
        Hook engineCloseInbound = Hook.atEntry(JsseTargets.ENGINE, "closeInbound", "()V",
                engineCloseInboundCall(firstHook + 1, CONTEXT),
                "engine truncation is not detected");
        return new Stack("jsse", List.of(socketEof, engineCloseInbound),
                List.of(SOCKET_INPUT, SOCKET_OUTPUT, ENGINE),
                List.of(new JsseEof(Transport.SOCKET), new JsseEof(Transport.ENGINE)));
    }

    /** {@code Bridge.eof(hook, this, this.conContext, eof, MethodHandles.lookup())}. */
    static EntryCall socketEofCall(int hook, String contextDescriptor) {
        return EntryCall.eof(hook, "conContext", contextDescriptor, 1);
    }

    /** {@code Bridge.eof(hook, this, this.conContext, null, MethodHandles.lookup())}. */
    static EntryCall engineCloseInboundCall(int hook, String contextDescriptor) {
        return EntryCall.eof(hook, "conContext", contextDescriptor, -1);
    }

    static final Tracking SOCKET_INPUT = new Tracking(
            JsseTargets.SOCKET_INPUT,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
            List.of(new Tracking.Point("<init>", null, Emitters.created(false)),
                    new Tracking.Point("read", "([BII)I", Emitters.countReturnedInt(
                            TrackingFields.BYTES_IN, TrackingFields.LAST_IN))));

    static final Tracking SOCKET_OUTPUT = new Tracking(
            JsseTargets.SOCKET_OUTPUT,
            List.of(TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Tracking.Point("write", "([BII)V", Emitters.countIntArgument(3,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));

    /** Engines offer a lookup at construction, for the HttpClient path, which has none. */
    static final Tracking ENGINE = new Tracking(
            JsseTargets.ENGINE,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Tracking.Point("<init>", null, Emitters.created(true)),
                    new Tracking.Point("unwrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "produced", TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                    new Tracking.Point("wrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "consumed", TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));
}
