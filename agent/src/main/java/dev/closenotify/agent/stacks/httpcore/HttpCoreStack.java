package dev.closenotify.agent.stacks.httpcore;

import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.ICONST_1;
import static net.bytebuddy.jar.asm.Opcodes.INSTANCEOF;
import static net.bytebuddy.jar.asm.Opcodes.IXOR;

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
 * HttpCore never calls {@code closeInbound()}: a transport EOF becomes a normal end of stream,
 * and a close-delimited body cut by it completes. The hooks stand where the session hands the
 * end of stream to the HTTP layer, before the layer can react:
 * <ul>
 * <li>HttpCore 5: in {@code decryptData}, before {@code inputReady(session, null)} (the only call
 *     with a null buffer: the data calls always pass bytes);
 * <li>httpcore-nio 4.4: before {@code readPlain} returns -1 to the HTTP decoder.
 * </ul>
 * Both cost one branch-free bridge call per delivery of data; the bridge returns at once unless
 * it is the end. The source then reads the session's own state (see {@link SessionEof}). Each
 * session gets a claim field, so an end handed over again gives no second event.
 */
final class HttpCoreStack {

    static final String INPUT_READY =
            "(Lorg/apache/hc/core5/reactor/IOSession;Ljava/nio/ByteBuffer;)V";

    private HttpCoreStack() {
    }

    static Stack define(int firstHook) {
        Hook five = new Hook(HttpCoreTargets.SESSION5, "decryptData",
                "(Lorg/apache/hc/core5/reactor/IOSession;)V",
                Site.beforeCall("inputReady", INPUT_READY), endIfNullBuffer(firstHook), List.of(),
                "Apache HttpCore 5 async truncation is not detected");
        Hook four = new Hook(HttpCoreTargets.SESSION4, "readPlain", "(Ljava/nio/ByteBuffer;)I",
                Site.BEFORE_RETURN, Emitters.streamEndIfNegative(firstHook + 1), List.of(),
                "Apache httpcore-nio 4 truncation is not detected");
        return new Stack("httpcore", List.of(five, four),
                List.of(claimField(HttpCoreTargets.SESSION5), claimField(HttpCoreTargets.SESSION4)),
                List.of(SessionEof.httpCore5(), SessionEof.httpCore4()));
    }

    /** The session's claim field, set by the first end of stream the agent judges. */
    static Tracking claimField(String session) {
        return new Tracking(session, List.of(TrackingFields.CLAIMED), List.of());
    }

    /**
     * Before {@code inputReady(session, buffer)}, with {@code ... session buffer} on the stack:
     * {@code Bridge.streamEnd(hook, buffer == null, this)}, branch-free
     * ({@code !(buffer instanceof ByteBuffer)}).
     */
    static Emitter endIfNullBuffer(int hook) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // b b
                m.visitTypeInsn(INSTANCEOF, "java/nio/ByteBuffer");     // b (b!=null)
                m.visitInsn(ICONST_1);
                m.visitInsn(IXOR);                                      // b end
                Emitters.streamEnd(m, hook);                            // b
            }
        };
    }
}
