package dev.closenotify.agent.instrument;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;

import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * A call to the bridge at a method's entry whose arguments are {@code this}, fields of
 * {@code this}, reference arguments of the method and a lookup made inside the method's class.
 * The socket and engine hooks are such calls; {@link EntryPatch} can insert one without ASM, and
 * {@link #emitter()} gives the same code for the ASM path, so the two never differ.
 *
 * @param bridgeMethod the static method of {@link Emitters#BRIDGE} called
 * @param bridgeDescriptor its descriptor, matching {@code args}
 * @param args what is pushed, in order
 */
record EntryCall(String bridgeMethod, String bridgeDescriptor, List<Arg> args) {

    static final String LOOKUP_OWNER = "java/lang/invoke/MethodHandles";
    static final String LOOKUP_DESCRIPTOR = "()Ljava/lang/invoke/MethodHandles$Lookup;";

    /** One pushed value; {@code name}/{@code descriptor} for a field, {@code local} for a local. */
    record Arg(Kind kind, String name, String descriptor, int local) {
        enum Kind { THIS, FIELD, LOCAL, LOOKUP }

        static Arg self() {
            return new Arg(Kind.THIS, null, null, 0);
        }

        static Arg field(String name, String descriptor) {
            return new Arg(Kind.FIELD, name, descriptor, 0);
        }

        /** A reference-typed local variable, e.g. 1 for the first argument of an instance method. */
        static Arg local(int index) {
            return new Arg(Kind.LOCAL, null, null, index);
        }

        static Arg lookup() {
            return new Arg(Kind.LOOKUP, null, null, 0);
        }
    }

    /** The fields of the woven class the call reads. */
    List<FieldRef> fields(String owner) {
        List<FieldRef> fields = new java.util.ArrayList<>();
        for (Arg arg : args) {
            if (arg.kind() == Arg.Kind.FIELD) {
                fields.add(new FieldRef(owner, arg.name(), arg.descriptor()));
            }
        }
        return fields;
    }

    Emitter emitter() {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                for (Arg arg : args) {
                    switch (arg.kind()) {
                        case THIS:
                            m.visitVarInsn(ALOAD, 0);
                            break;
                        case FIELD:
                            m.visitVarInsn(ALOAD, 0);
                            m.visitFieldInsn(GETFIELD, owner, arg.name(), arg.descriptor());
                            break;
                        case LOCAL:
                            m.visitVarInsn(ALOAD, arg.local());
                            break;
                        default:
                            m.visitMethodInsn(INVOKESTATIC, LOOKUP_OWNER, "lookup",
                                    LOOKUP_DESCRIPTOR, false);
                            break;
                    }
                }
                m.visitMethodInsn(INVOKESTATIC, Emitters.BRIDGE, bridgeMethod, bridgeDescriptor,
                        false);
            }
        };
    }
}
