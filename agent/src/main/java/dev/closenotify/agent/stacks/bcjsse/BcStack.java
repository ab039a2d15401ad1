package dev.closenotify.agent.stacks.bcjsse;

import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.ICONST_1;
import static net.bytebuddy.jar.asm.Opcodes.IXOR;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.util.List;

/**
 * BCJSSE never reaches SunJSSE: its sockets and engines run BouncyCastle's own
 * {@code TlsProtocol}, which meets the transport EOF in two places:
 * <ul>
 * <li>the hook: blocking mode (BCJSSE's sockets), in {@code safeReadRecord}, right after
 *     {@code recordStream.readRecord()} returns false (no byte of a next record: an EOF between
 *     records). BouncyCastle then throws {@code TlsNoCloseNotifyException} (its default, from
 *     {@code com.sun.net.ssl.requireCloseNotify}) or, relaxed, ends the stream like SunJSSE.
 *     One branch-free bridge call per record read;
 * <li>tracking code (applied when the class loads): non-blocking mode (BCJSSE's engine), at
 *     the entry of {@code closeInput()}, which the engine's {@code closeInbound()} calls.
 * </ul>
 * A close either side made first sets the protocol's {@code closed} flag, so the source reads
 * that and the handshake flag ({@code appDataReady}); a claim field keeps it to one event.
 */
final class BcStack {

    private BcStack() {
    }

    static Stack define(int firstHook) {
        Hook read = new Hook(BcTargets.PROTOCOL, "safeReadRecord", "()V",
                Site.afterCall("readRecord", "()Z"), endIfFalse(firstHook), List.of(),
                "BouncyCastle JSSE socket truncation is not detected");
        Tracking engine = new Tracking(BcTargets.PROTOCOL, List.of(TrackingFields.CLAIMED),
                List.of(new Tracking.Point("closeInput", "()V", Site.ENTRY, end(firstHook))));
        return new Stack("bcjsse", List.of(read), List.of(engine), List.of(new ProtocolEof()));
    }

    /** With {@code readRecord()}'s result on the stack: {@code Bridge.streamEnd(hook, !read, this)}. */
    static Emitter endIfFalse(int hook) {
        return (m, owner) -> {
            m.visitInsn(DUP);                                           // r r
            m.visitInsn(ICONST_1);
            m.visitInsn(IXOR);                                          // r end
            Emitters.streamEnd(m, hook);                                // r
        };
    }

    /** {@code Bridge.streamEnd(hook, true, this)}. */
    static Emitter end(int hook) {
        return (m, owner) -> {
            m.visitInsn(ICONST_1);
            Emitters.streamEnd(m, hook);
        };
    }
}
