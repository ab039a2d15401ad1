package dev.closenotify.agent.stacks.tomcat;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.LCONST_0;
import static net.bytebuddy.jar.asm.Opcodes.PUTFIELD;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * Tomcat's {@code SecureNioChannel} never calls {@code closeInbound()}: at the transport EOF its
 * network read gives -1 and the channel passes -1 up (or, during the handshake, throws its own
 * {@code EOFException}). Every network read of the channel is one call,
 * {@code sc.read(netInBuffer)}; the code goes right after each, before Tomcat reacts:
 * {@code Bridge.streamEnd(hook, n >>> 31 == 1, this)}, branch-free, which returns at once unless
 * the read gave -1.
 * <ul>
 * <li>the hook: {@code read(ByteBuffer)}, Tomcat's data read;
 * <li>tracking code (applied when the class loads): the same after {@code read(ByteBuffer[],
 *     int, int)}, {@code processSNI()} (before the engine exists) and {@code handshakeUnwrap};
 *     a claim field, cleared at {@code reset}, since Tomcat reuses its channels.
 * </ul>
 * Tomcat's own closes ({@code close()}: keep-alive and connection timeouts, errors) set
 * {@code closing} first, after which {@code read} returns -1 without reading: no bridge call.
 */
final class TomcatStack {

    static final String NET_READ = "(Ljava/nio/ByteBuffer;)I";

    private TomcatStack() {
    }

    static Stack define(int firstHook) {
        Site afterNetRead = Site.afterCall("read", NET_READ);
        Emitter end = Emitters.streamEndIfNegative(firstHook);
        Hook read = new Hook(TomcatTargets.CHANNEL, "read", NET_READ, afterNetRead, end,
                List.of(), "Tomcat NIO truncation is not detected");
        Tracking others = new Tracking(TomcatTargets.CHANNEL, List.of(TrackingFields.CLAIMED),
                List.of(new Tracking.Point("read", "([Ljava/nio/ByteBuffer;II)J", afterNetRead, end),
                        new Tracking.Point("processSNI", "()I", afterNetRead, end),
                        new Tracking.Point("handshakeUnwrap", "(Z)Ljavax/net/ssl/SSLEngineResult;",
                                afterNetRead, end),
                        new Tracking.Point("reset", null, Site.ENTRY, clearClaim())));
        return new Stack("tomcat", List.of(read), List.of(others), List.of(new ChannelEof()));
    }

    /** {@code this.closenotify$claimed = 0}: a reused channel's next connection is unjudged. */
    static Emitter clearClaim() {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitVarInsn(ALOAD, 0);
                m.visitInsn(LCONST_0);
                m.visitFieldInsn(PUTFIELD, owner, TrackingFields.CLAIMED,
                        TrackingFields.descriptor(TrackingFields.CLAIMED));
            }
        };
    }
}
