package dev.closenotify.agent.stacks.netty;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.ARRAYLENGTH;
import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.ICONST_0;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.EntryCall.Arg;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * Netty: {@code SslHandler.channelInactive} (the transport is gone; Netty then calls the engine's
 * {@code closeInbound()} unless it closed first), whatever the engine, and byte counters with a
 * framing watch on netty-tcnative's OpenSSL engine (SunJSSE engines have theirs from the JSSE
 * stack). The same for gRPC's relocated copy, whose names differ only by their prefix.
 *
 * <p>Verified against netty-handler 4.2.20.Final (the ITs), 4.1.128.Final (a unit test weaves
 * its bytes) and grpc-netty-shaded 1.85.1 (relocated 4.2.17.Final).
 */
final class NettyStack {

    static final String ENGINE = "Ljavax/net/ssl/SSLEngine;";
    /** The engine's two sinks: every other wrap/unwrap overload delegates to one of them. */
    static final String UNWRAP =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";
    static final String WRAP =
            "([Ljava/nio/ByteBuffer;IILjava/nio/ByteBuffer;)Ljavax/net/ssl/SSLEngineResult;";
    /** Called once per sink, after the argument checks and before any byte moves. */
    static final String IS_READ_ONLY = "isReadOnly";

    private NettyStack() {
    }

    static Stack define(int firstHook) {
        String[] prefixes = {NettyTargets.NETTY, NettyTargets.GRPC_SHADED};
        Hook[] hooks = new Hook[prefixes.length];
        Tracking[] trackings = new Tracking[prefixes.length];
        NettyEof[] sources = new NettyEof[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            String prefix = prefixes[i];
            hooks[i] = Hook.atEntry(prefix + NettyTargets.HANDLER, "channelInactive",
                    "(L" + prefix + "channel/ChannelHandlerContext;)V",
                    channelInactiveCall(firstHook + i),
                    "Netty (" + prefix.replace('/', '.') + ") truncation is not detected");
            trackings[i] = openSslEngine(prefix + NettyTargets.OPENSSL_ENGINE);
            sources[i] = new NettyEof(prefix.replace('/', '.'));
        }
        return new Stack("netty", List.of(hooks), List.of(trackings), List.of(sources));
    }

    /**
     * {@code Bridge.eof(hook, this, this.engine, ctx, MethodHandles.lookup())}: the lookup reads
     * the handler's private state, the context gives the channel's addresses.
     */
    static EntryCall channelInactiveCall(int hook) {
        return new EntryCall(BridgeCalls.EOF, BridgeCalls.EOF_DESCRIPTOR, List.of(
                Arg.constant(hook), Arg.self(), Arg.field("engine", ENGINE), Arg.local(1),
                Arg.lookup()));
    }

    /**
     * Like SunJSSE's engine tracking, but the sinks advance their offset locals while they work
     * ({@code ++offset}, {@code ++dstsOffset}), so the watch is handed the whole array (0 to its
     * length) both when it marks and when it feeds: buffers outside the call's range do not move.
     * The marks wait for {@code isReadOnly()}, after the engine's own null checks, so the woven
     * {@code arraylength} never meets a null array. In {@code wrap} the application's bytes are
     * the sources (local 1), in {@code unwrap} the destinations (local 4).
     */
    static Tracking openSslEngine(String engine) {
        Site marks = Site.beforeCall(IS_READ_ONLY, "()Z");
        return new Tracking(engine,
                List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                        TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT, TrackingFields.WATCH),
                List.of(new Tracking.Point("<init>", null, Emitters.created(false)),
                        new Tracking.Point("<init>", null, Emitters.watchCreated()),
                        new Tracking.Point("unwrap", UNWRAP, Emitters.countEngineResult(
                                "produced", TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                        new Tracking.Point("unwrap", UNWRAP, marks,
                                beforeCall(BridgeCalls.BEFORE_UNWRAP, 4)),
                        new Tracking.Point("unwrap", UNWRAP,
                                callReturns(BridgeCalls.UNWRAPPED, 4)),
                        new Tracking.Point("wrap", WRAP, Emitters.countEngineResult(
                                "consumed", TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT)),
                        new Tracking.Point("wrap", WRAP, marks,
                                beforeCall(BridgeCalls.BEFORE_WRAP, 1)),
                        new Tracking.Point("wrap", WRAP, callReturns(BridgeCalls.WRAPPED, 1))));
    }

    /** {@code Bridge.<bridgeMethod>(this.watch, bufs, 0, bufs.length)}, stack left as found. */
    static Emitter beforeCall(String bridgeMethod, int bufsLocal) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                wholeArray(m, owner, bufsLocal);                        // w bufs 0 n
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, bridgeMethod,
                        BridgeCalls.BEFORE_ENGINE_CALL_DESCRIPTOR, false);
            }
        };
    }

    /** Before {@code areturn}: {@code Bridge.<bridgeMethod>(result, this.watch, bufs, 0, n)}. */
    static Emitter callReturns(String bridgeMethod, int bufsLocal) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // r r
                wholeArray(m, owner, bufsLocal);                        // r r w bufs 0 n
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, bridgeMethod,
                        BridgeCalls.ENGINE_CALL_RETURNS_DESCRIPTOR, false); // r
            }
        };
    }

    private static void wholeArray(MethodVisitor m, String owner, int bufsLocal) {
        m.visitVarInsn(ALOAD, 0);
        m.visitFieldInsn(GETFIELD, owner, TrackingFields.WATCH, TrackingFields.WATCH_DESCRIPTOR);
        m.visitVarInsn(ALOAD, bufsLocal);
        m.visitInsn(ICONST_0);
        m.visitVarInsn(ALOAD, bufsLocal);
        m.visitInsn(ARRAYLENGTH);
    }
}
