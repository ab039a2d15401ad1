package dev.closenotify.agent.stacks.jsse;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.ILOAD;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;

import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.FieldRef;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * SunJSSE: the socket's {@code handleEOF} (reached only when a transport EOF came without
 * close_notify), the engine's {@code closeInbound()} (which libraries call at the transport EOF),
 * and byte counters on the socket's streams and the engine. Peer details come from the public
 * {@code SSLSocket}/{@code SSLEngine} API (never a DNS lookup); JSSE internals through
 * {@link JsseAccess}.
 *
 * <p>Each socket and engine also gets a framing watch at construction, fed with the plaintext
 * of every read and write: the socket's streams reach it through their outer socket, the
 * engine marks its buffers' positions at the entry of {@code wrap}/{@code unwrap} and hands
 * over the bytes that moved at their return.
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
                List.of(SOCKET, SOCKET_INPUT, SOCKET_OUTPUT, ENGINE),
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

    /** The socket holds the watch; its streams, loaded after it, feed it. */
    static final Tracking SOCKET = new Tracking(
            JsseTargets.SOCKET,
            List.of(TrackingFields.WATCH),
            List.of(new Tracking.Point("<init>", null, Emitters.watchCreated())));

    static final FieldRef INPUT_OUTER = new FieldRef(JsseTargets.SOCKET_INPUT, "this$0",
            "L" + JsseTargets.SOCKET + ";");
    static final FieldRef OUTPUT_OUTER = new FieldRef(JsseTargets.SOCKET_OUTPUT, "this$0",
            "L" + JsseTargets.SOCKET + ";");

    static final Tracking SOCKET_INPUT = new Tracking(
            JsseTargets.SOCKET_INPUT,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
            List.of(new Tracking.Point("<init>", null, Emitters.created(false)),
                    new Tracking.Point("read", "([BII)I", Emitters.countReturnedInt(
                            TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                    new Tracking.Point("read", "([BII)I", socketRead(INPUT_OUTER))),
            JsseTargets.SOCKET, List.of(INPUT_OUTER));

    static final Tracking SOCKET_OUTPUT = new Tracking(
            JsseTargets.SOCKET_OUTPUT,
            List.of(TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Tracking.Point("write", "([BII)V", Emitters.countIntArgument(3,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT)),
                    new Tracking.Point("write", "([BII)V", socketWritten(OUTPUT_OUTER))),
            JsseTargets.SOCKET, List.of(OUTPUT_OUTER));

    /**
     * Engines offer a lookup at construction, for the HttpClient path, which has none. In
     * {@code wrap} the application's bytes are the sources (locals 1 to 3), in {@code unwrap}
     * the destinations (locals 4 to 6).
     */
    static final Tracking ENGINE = new Tracking(
            JsseTargets.ENGINE,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT, TrackingFields.WATCH,
                    TrackingFields.CLAIMED),
            List.of(new Tracking.Point("<init>", null, Emitters.created(true)),
                    new Tracking.Point("<init>", null, Emitters.watchCreated()),
                    new Tracking.Point("unwrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "produced", TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                    new Tracking.Point("unwrap", ENGINE_ARRAYS, Site.ENTRY,
                            Emitters.beforeEngineCall(BridgeCalls.BEFORE_UNWRAP, 4)),
                    new Tracking.Point("unwrap", ENGINE_ARRAYS,
                            Emitters.engineCallReturns(BridgeCalls.UNWRAPPED, 4)),
                    new Tracking.Point("wrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "consumed", TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT)),
                    new Tracking.Point("wrap", ENGINE_ARRAYS, Site.ENTRY,
                            Emitters.beforeEngineCall(BridgeCalls.BEFORE_WRAP, 1)),
                    new Tracking.Point("wrap", ENGINE_ARRAYS,
                            Emitters.engineCallReturns(BridgeCalls.WRAPPED, 1))));

    /**
     * Before {@code ireturn} of {@code AppInputStream.read(byte[] b, int off, int len)}, with the
     * count on the stack: {@code Bridge.read(n, this.this$0.watch, b, off)}.
     */
    static Emitter socketRead(FieldRef outer) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // n n
                watchOfOuter(m, owner, outer);                          // n n w
                m.visitVarInsn(ALOAD, 1);                               // n n w b
                m.visitVarInsn(ILOAD, 2);                               // n n w b off
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.READ,
                        BridgeCalls.READ_DESCRIPTOR, false);            // n
            }
        };
    }

    /**
     * Before {@code return} of {@code AppOutputStream.write(byte[] b, int off, int len)}:
     * {@code Bridge.written(this.this$0.watch, b, off, len)}.
     */
    static Emitter socketWritten(FieldRef outer) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                watchOfOuter(m, owner, outer);                          // w
                m.visitVarInsn(ALOAD, 1);                               // w b
                m.visitVarInsn(ILOAD, 2);                               // w b off
                m.visitVarInsn(ILOAD, 3);                               // w b off len
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.WRITTEN,
                        BridgeCalls.WRITTEN_DESCRIPTOR, false);         // (empty)
            }
        };
    }

    private static void watchOfOuter(MethodVisitor m, String owner, FieldRef outer) {
        m.visitVarInsn(ALOAD, 0);
        m.visitFieldInsn(GETFIELD, owner, outer.name(), outer.descriptor());
        m.visitFieldInsn(GETFIELD, JsseTargets.SOCKET, TrackingFields.WATCH,
                TrackingFields.WATCH_DESCRIPTOR);
    }
}
