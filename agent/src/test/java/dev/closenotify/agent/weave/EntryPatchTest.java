package dev.closenotify.agent.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.closenotify.agent.stacks.jsse.JsseTargets;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.hook.Woven;
import dev.closenotify.agent.weave.patch.EntryPatch;
import java.io.EOFException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The patched classes are defined by a plain class loader, so the JVM's verifier checks them
 * (stack map frames included) before they run, and their behaviour is compared with the
 * original's.
 */
class EntryPatchTest {

    @BeforeAll
    static void listener() {
        AsmWeaverTest.registerListener();
    }

    @Test
    void busyMethodKeepsItsBehaviourAndCallsTheBridgeFirst() throws Exception {
        Hook hook = AsmWeaverTest.fakeHook(FakeBusySocket.class);
        byte[] original = AsmWeaverTest.bytes(FakeBusySocket.class);
        byte[] patched = EntryPatch.apply(original, hook.method(), hook.descriptor(),
                hook.entryCall(), Weaver.EXTRA_STACK);
        assertNotNull(patched, "the patch declined");
        Class<?> type = AsmWeaverTest.define(FakeBusySocket.class, patched);
        for (int mode = 0; mode <= 6; mode++) {
            FakeBusySocket reference = new FakeBusySocket();
            reference.mode = mode;
            Object woven = type.getConstructor().newInstance();
            type.getField("mode").setInt(woven, mode);
            Method handleEof = type.getMethod("handleEOF", EOFException.class);
            EOFException eof = mode % 2 == 0 ? null : new EOFException("m" + mode);
            AsmWeaverTest.CALLS.clear();
            assertEquals(reference.handleEOF(eof), handleEof.invoke(woven, eof), "mode " + mode);
            assertEquals(1, AsmWeaverTest.CALLS.size());
            Object[] call = AsmWeaverTest.CALLS.get(0);
            assertSame(woven, call[0]);
            assertEquals("context-of-busy", call[1]);
            assertSame(eof, call[2]);
            assertSame(type, ((MethodHandles.Lookup) call[3]).lookupClass());
        }
    }

    @Test
    void aShortFirstFrameIsWidenedWhenItsOffsetGrows() throws Exception {
        Hook hook = AsmWeaverTest.fakeHook(FakeShortFrameSocket.class);
        byte[] patched = EntryPatch.apply(AsmWeaverTest.bytes(FakeShortFrameSocket.class),
                hook.method(), hook.descriptor(), hook.entryCall(), Weaver.EXTRA_STACK);
        assertNotNull(patched, "the patch declined");
        Class<?> type = AsmWeaverTest.define(FakeShortFrameSocket.class, patched);
        for (int a = -1; a <= 2; a++) {
            FakeShortFrameSocket reference = new FakeShortFrameSocket();
            reference.a = a;
            reference.b = 5;
            Object woven = type.getConstructor().newInstance();
            type.getField("a").setInt(woven, a);
            type.getField("b").setInt(woven, 5);
            assertEquals(reference.handleEOF(null), type.getMethod("handleEOF", EOFException.class)
                    .invoke(woven, (EOFException) null), "a=" + a);
        }
    }

    @Test
    void aBranchToTheFirstInstructionIsLeftToAsm() throws Exception {
        Hook hook = AsmWeaverTest.fakeHook(FakeLoopSocket.class);
        byte[] original = AsmWeaverTest.bytes(FakeLoopSocket.class);
        assertNull(EntryPatch.apply(original, hook.method(), hook.descriptor(), hook.entryCall(),
                Weaver.EXTRA_STACK));
        // The weaver then goes through ASM, which handles it.
        Woven result = new AsmWeaver().weave(hook.internalClassName(), original,
                getClass().getClassLoader(), hook, null);
        Object woven = AsmWeaverTest.define(FakeLoopSocket.class, result.bytes())
                .getConstructor().newInstance();
        AsmWeaverTest.CALLS.clear();
        assertEquals("looped", woven.getClass().getMethod("handleEOF", EOFException.class)
                .invoke(woven, (EOFException) null));
        assertEquals(1, AsmWeaverTest.CALLS.size());
    }

    @Test
    void missingMethodOrFieldOrAStaticMethodIsDeclined() throws Exception {
        byte[] original = AsmWeaverTest.bytes(FakeBusySocket.class);
        EntryCall call = EntryCall.eof(1, "conContext", "Ljava/lang/Object;", 1);
        assertNull(EntryPatch.apply(original, "handleEOFx", "(Ljava/io/EOFException;)Ljava/lang/Object;",
                call, 8));
        assertNull(EntryPatch.apply(original, "handleEOF", "(Ljava/io/EOFException;)Ljava/lang/Object;",
                EntryCall.eof(1, "conContext", "Lsun/security/ssl/TransportContext;", 1), 8));
        assertNull(EntryPatch.apply(new byte[] {1, 2, 3}, "handleEOF", "()V", call, 8));
        assertNull(EntryPatch.apply(AsmWeaverTest.bytes(EntryPatchTest.class), "listener", "()V",
                call, 8));
    }

    /** On the real JDK classes, the patch and ASM produce the same instructions, method by method. */
    @Test
    void realJdkHooksGiveTheSameCodeAsAsm() throws Exception {
        for (Hook hook : List.of(TestStacks.hook(JsseTargets.SOCKET),
                TestStacks.hook(JsseTargets.ENGINE))) {
            byte[] original;
            try (InputStream in = Object.class.getModule().getResourceAsStream(
                    hook.internalClassName() + ".class")) {
                original = in.readAllBytes();
            }
            byte[] patched = EntryPatch.apply(original, hook.method(), hook.descriptor(),
                    hook.entryCall(), Weaver.EXTRA_STACK);
            assertNotNull(patched, hook.displayName());
            Hook asmOnly = new Hook(hook.internalClassName(), hook.method(), hook.descriptor(),
                    hook.site(), Emitters.entryCall(hook.entryCall()), hook.requires(),
                    hook.consequence());
            byte[] viaAsm = new AsmWeaver().weave(hook.internalClassName(), original, null,
                    asmOnly, null).bytes();
            assertEquals(listing(viaAsm), listing(patched), hook.displayName());
            assertArrayEquals(listing(original).toArray(), listing(original).toArray());
        }
    }

    /** Every method's instructions and limits, constants resolved, nops left out. */
    private static List<String> listing(byte[] classFile) {
        List<String> lines = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                lines.add("method " + name + descriptor);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode != Opcodes.NOP) {
                            lines.add("insn " + opcode);
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        lines.add("int " + opcode + " " + operand);
                    }

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        lines.add("var " + opcode + " " + var);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        lines.add("type " + opcode + " " + type);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String name, String d) {
                        lines.add("field " + opcode + " " + owner + "." + name + d);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String d,
                            boolean itf) {
                        lines.add("call " + opcode + " " + owner + "." + name + d);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String d, Handle bsm,
                            Object... args) {
                        lines.add("indy " + name + d);
                    }

                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        lines.add("jump " + opcode);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        lines.add("ldc " + value);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        lines.add("maxs " + maxStack + " " + maxLocals);
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler,
                            String type) {
                        lines.add("try " + type);
                    }

                    @Override
                    public void visitFrame(int type, int numLocal, Object[] local, int numStack,
                            Object[] stack) {
                        lines.add("frame " + type + " " + numLocal + " " + numStack);
                    }
                };
            }
        }, 0);
        return lines;
    }
}
