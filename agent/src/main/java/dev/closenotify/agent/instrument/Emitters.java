package dev.closenotify.agent.instrument;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.ILOAD;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;
import static net.bytebuddy.jar.asm.Opcodes.LADD;
import static net.bytebuddy.jar.asm.Opcodes.PUTFIELD;
import static net.bytebuddy.jar.asm.Opcodes.SWAP;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * The bytecode the agent weaves into JDK methods. Each piece is straight-line (no branch, no new
 * local), calls only JDK methods and the bootstrap bridge, and leaves the stack as it found it.
 * Comments show the operand stack after each step, top on the right.
 */
final class Emitters {

    static final String BRIDGE = "dev/closenotify/bridge/Bridge";
    private static final String LOOKUP_DESC = "Ljava/lang/invoke/MethodHandles$Lookup;";

    private Emitters() {
    }

    /**
     * Before {@code outgoing(buffers, complete)} in the HttpClient's reader, with
     * {@code ... buffers complete} on the stack:
     * {@code Bridge.httpClientOutgoing(complete, this.this$0.engine)}.
     */
    static Emitter httpClientOutgoing(FieldRef outer, FieldRef engine) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitInsn(DUP);                                           // z z
            m.visitVarInsn(ALOAD, 0);                                   // z z this
            m.visitFieldInsn(GETFIELD, owner, outer.name(), outer.descriptor()); // z z delegate
            m.visitFieldInsn(GETFIELD, engine.owner(), engine.name(), engine.descriptor()); // z z e
            m.visitMethodInsn(INVOKESTATIC, BRIDGE, "httpClientOutgoing",
                    "(ZLjavax/net/ssl/SSLEngine;)V", false);             // z
            }
        };
    }

    /**
     * Constructor exit: {@code this.created = System.nanoTime()} and, with {@code offerLookup},
     * hand the agent a JSSE lookup ({@code Bridge.offerJsseLookup}; a no-op once it has one).
     * Engines offer one for the HttpClient path, which has no lookup of its own; sockets do not
     * need to: their EOF hook passes one.
     */
    static Emitter created(boolean offerLookup) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitVarInsn(ALOAD, 0);
            m.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            m.visitFieldInsn(PUTFIELD, owner, TrackingFields.CREATED, "J");
            if (offerLookup) {
                lookup(m);
                m.visitMethodInsn(INVOKESTATIC, BRIDGE, "offerJsseLookup",
                        "(" + LOOKUP_DESC + ")V", false);
            }
            }
        };
    }

    /** Before {@code ireturn} of {@code read(byte[], int, int)}: count the bytes returned. */
    static Emitter countReturnedInt(String bytesField, String lastField) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitInsn(DUP);                                           // n n
            accumulate(m, owner, bytesField, lastField);                // n
            }
        };
    }

    /** Before {@code return} of {@code write(byte[], int, int)}: count {@code len} (local 3). */
    static Emitter countIntArgument(int local, String bytesField, String lastField) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitVarInsn(ILOAD, local);                               // n
            accumulate(m, owner, bytesField, lastField);                // (empty)
            }
        };
    }

    /**
     * Before {@code areturn} of {@code wrap}/{@code unwrap}: count the result's bytes, read with
     * {@code Bridge.<resultMethod>(SSLEngineResult)}.
     */
    static Emitter countEngineResult(String resultMethod, String bytesField, String lastField) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitInsn(DUP);                                           // r r
            m.visitMethodInsn(INVOKESTATIC, BRIDGE, resultMethod,
                    "(Ljavax/net/ssl/SSLEngineResult;)I", false);       // r n
            accumulate(m, owner, bytesField, lastField);                // r
            }
        };
    }

    /**
     * Consumes an int byte count {@code n} from the stack:
     * {@code bytes += Bridge.positive(n); last = Bridge.stampIfPositive(n, last)}.
     */
    private static void accumulate(MethodVisitor m, String owner, String bytesField,
            String lastField) {
        m.visitInsn(DUP);                                               // n n
        m.visitVarInsn(ALOAD, 0);                                       // n n this
        m.visitInsn(SWAP);                                              // n this n
        m.visitMethodInsn(INVOKESTATIC, BRIDGE, "positive", "(I)J", false); // n this N
        m.visitVarInsn(ALOAD, 0);                                       // n this N this
        m.visitFieldInsn(GETFIELD, owner, bytesField, "J");            // n this N bytes
        m.visitInsn(LADD);                                              // n this sum
        m.visitFieldInsn(PUTFIELD, owner, bytesField, "J");            // n
        m.visitVarInsn(ALOAD, 0);                                       // n this
        m.visitInsn(SWAP);                                              // this n
        m.visitVarInsn(ALOAD, 0);                                       // this n this
        m.visitFieldInsn(GETFIELD, owner, lastField, "J");             // this n last
        m.visitMethodInsn(INVOKESTATIC, BRIDGE, "stampIfPositive", "(IJ)J", false); // this new
        m.visitFieldInsn(PUTFIELD, owner, lastField, "J");             // (empty)
    }

    /** Caller-sensitive: made inside the woven class, the lookup carries its package access. */
    private static void lookup(MethodVisitor m) {
        m.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()" + LOOKUP_DESC, false);
    }

    /** Enough extra operand stack for any emitter above. */
    static final int EXTRA_STACK = 8;
}
