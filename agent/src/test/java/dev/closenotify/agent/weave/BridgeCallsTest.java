package dev.closenotify.agent.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.testing.Instructions;
import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.hook.Woven;
import dev.closenotify.bridge.Bridge;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

/**
 * Every bridge call that any stack's hooks and tracking weave into the real JDK classes, by
 * either weaver, resolves to a public static method of {@link Bridge}: a renamed or retyped
 * bridge method fails here, not inside JDK code at run time.
 */
class BridgeCallsTest {

    @Test
    void everyWovenBridgeCallResolves() throws Exception {
        Set<String> calls = new LinkedHashSet<>();
        for (Hook hook : TestStacks.hooks()) {
            Tracking tracking = tracking(hook.internalClassName());
            for (Weaver weaver : TestStacks.WEAVERS) {
                // Each weaver on its own: the patch only takes the hooks it can.
                Woven woven = weaver.weave(hook.internalClassName(), jdkClass(hook
                        .internalClassName()), null, hook, tracking);
                if (woven != null && woven.bytes() != null) {
                    calls.addAll(bridgeCalls(woven.bytes()));
                }
            }
        }
        for (Tracking tracking : TestStacks.trackings()) {
            Woven woven = TestStacks.WEAVERS.get(1).weave(tracking.internalClassName(),
                    jdkClass(tracking.internalClassName()), null, null, tracking);
            calls.addAll(bridgeCalls(woven.bytes()));
        }
        assertTrue(calls.contains(BridgeCalls.EOF + BridgeCalls.EOF_DESCRIPTOR), calls.toString());
        assertTrue(calls.contains(BridgeCalls.STREAM_END + BridgeCalls.STREAM_END_DESCRIPTOR),
                calls.toString());
        for (String call : calls) {
            assertTrue(resolves(call), "no public static Bridge method for " + call);
        }
    }

    @Test
    void aCallThatDoesNotExistIsCaught() {
        assertFalse(resolves("socketEof(Ljava/lang/Object;)V"));
        assertFalse(resolves("eof(Ljava/lang/Object;)V"));
        assertTrue(resolves(BridgeCalls.OFFER_LOOKUP + BridgeCalls.OFFER_LOOKUP_DESCRIPTOR));
    }

    private static boolean resolves(String nameAndDescriptor) {
        for (Method method : Bridge.class.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers)
                    && (method.getName() + Type.getMethodDescriptor(method))
                            .equals(nameAndDescriptor)) {
                return true;
            }
        }
        return false;
    }

    private static Tracking tracking(String internalName) {
        for (Tracking tracking : TestStacks.trackings()) {
            if (tracking.internalClassName().equals(internalName)) {
                return tracking;
            }
        }
        return null;
    }

    private static byte[] jdkClass(String internalName) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Set<String> bridgeCalls(byte[] classFile) {
        Set<String> calls = new LinkedHashSet<>();
        Instructions.visit(classFile, new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String called,
                    String calledDescriptor, boolean isInterface) {
                if (owner.equals(BridgeCalls.OWNER)) {
                    assertEquals(Opcodes.INVOKESTATIC, opcode, called);
                    calls.add(called + calledDescriptor);
                }
            }
        });
        return calls;
    }
}
