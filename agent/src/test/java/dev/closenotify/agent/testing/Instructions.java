package dev.closenotify.agent.testing;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Reads every method's instructions of a class file into one visitor. */
public final class Instructions {

    private Instructions() {
    }

    public static void visit(byte[] classFile, MethodVisitor everyMethod) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return everyMethod;
            }
        }, 0);
    }
}
