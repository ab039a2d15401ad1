package dev.closenotify.agent.weave.hook;

import net.bytebuddy.jar.asm.MethodVisitor;

/** Writes one piece of straight-line bytecode into a method of class {@code owner}. */
@FunctionalInterface
public interface Emitter {
    void emit(MethodVisitor method, String owner);
}
