package dev.closenotify.agent.weave.asm;

import static net.bytebuddy.jar.asm.Opcodes.ACONST_NULL;
import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.ILOAD;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;
import static net.bytebuddy.jar.asm.Opcodes.IUSHR;
import static net.bytebuddy.jar.asm.Opcodes.LADD;
import static net.bytebuddy.jar.asm.Opcodes.PUTFIELD;
import static net.bytebuddy.jar.asm.Opcodes.SIPUSH;
import static net.bytebuddy.jar.asm.Opcodes.SWAP;

import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.TrackingFields;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * The bytecode every stack can have woven, for the ASM weaver. Each piece is straight-line (no
 * branch, no new local), calls only JDK methods and the bootstrap bridge, and leaves the stack as
 * it found it. Comments show the operand stack after each step, top on the right. A stack with a
 * shape of its own writes its emitter beside its hooks, with the same rules.
 */
public final class Emitters {

    private Emitters() {
    }

    /**
     * Constructor exit: {@code this.created = System.nanoTime()} and, with {@code offerLookup},
     * hand the agent a JSSE lookup ({@code Bridge.offerLookup}; a no-op once it has one).
     * Engines offer one for the HttpClient path, which has no lookup of its own; sockets do not
     * need to: their EOF hook passes one.
     */
    public static Emitter created(boolean offerLookup) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitVarInsn(ALOAD, 0);
            m.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            m.visitFieldInsn(PUTFIELD, owner, TrackingFields.CREATED, "J");
            if (offerLookup) {
                lookup(m);
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.OFFER_LOOKUP,
                        BridgeCalls.OFFER_LOOKUP_DESCRIPTOR, false);
            }
            }
        };
    }

    /**
     * Constructor exit: {@code this.watch = Bridge.watch(this)}, the framing watch the read and
     * write paths feed (null when framing is off).
     */
    public static Emitter watchCreated() {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitVarInsn(ALOAD, 0);                               // this
                m.visitVarInsn(ALOAD, 0);                               // this this
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.WATCH,
                        BridgeCalls.WATCH_DESCRIPTOR, false);           // this w
                m.visitFieldInsn(PUTFIELD, owner, TrackingFields.WATCH,
                        TrackingFields.WATCH_DESCRIPTOR);               // (empty)
            }
        };
    }

    /**
     * Entry of an engine's {@code wrap}/{@code unwrap(ByteBuffer[], int, int, ByteBuffer[], int,
     * int)}: {@code Bridge.<bridgeMethod>(this.watch, bufs, off, len)} with the buffer array
     * whose bytes the framing watch follows at local {@code bufsLocal}, its offset and length
     * in the next two.
     */
    public static Emitter beforeEngineCall(String bridgeMethod, int bufsLocal) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitVarInsn(ALOAD, 0);
                m.visitFieldInsn(GETFIELD, owner, TrackingFields.WATCH,
                        TrackingFields.WATCH_DESCRIPTOR);               // w
                m.visitVarInsn(ALOAD, bufsLocal);                       // w bufs
                m.visitVarInsn(ILOAD, bufsLocal + 1);                   // w bufs off
                m.visitVarInsn(ILOAD, bufsLocal + 2);                   // w bufs off len
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, bridgeMethod,
                        BridgeCalls.BEFORE_ENGINE_CALL_DESCRIPTOR, false); // (empty)
            }
        };
    }

    /**
     * Before {@code areturn} of the same methods, with the result on the stack:
     * {@code Bridge.<bridgeMethod>(result, this.watch, bufs, off, len)}.
     */
    public static Emitter engineCallReturns(String bridgeMethod, int bufsLocal) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // r r
                m.visitVarInsn(ALOAD, 0);
                m.visitFieldInsn(GETFIELD, owner, TrackingFields.WATCH,
                        TrackingFields.WATCH_DESCRIPTOR);               // r r w
                m.visitVarInsn(ALOAD, bufsLocal);                       // r r w bufs
                m.visitVarInsn(ILOAD, bufsLocal + 1);                   // r r w bufs off
                m.visitVarInsn(ILOAD, bufsLocal + 2);                   // r r w bufs off len
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, bridgeMethod,
                        BridgeCalls.ENGINE_CALL_RETURNS_DESCRIPTOR, false); // r
            }
        };
    }

    /** Before {@code ireturn} of {@code read(byte[], int, int)}: count the bytes returned. */
    public static Emitter countReturnedInt(String bytesField, String lastField) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitInsn(DUP);                                           // n n
            accumulate(m, owner, bytesField, lastField);                // n
            }
        };
    }

    /** Before {@code return} of {@code write(byte[], int, int)}: count {@code len} (local 3). */
    public static Emitter countIntArgument(int local, String bytesField, String lastField) {
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
    public static Emitter countEngineResult(String resultMethod, String bytesField, String lastField) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
            m.visitInsn(DUP);                                           // r r
            m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, resultMethod,
                    BridgeCalls.ENGINE_RESULT_DESCRIPTOR, false);       // r n
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
        m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.POSITIVE,
                BridgeCalls.POSITIVE_DESCRIPTOR, false);                // n this N
        m.visitVarInsn(ALOAD, 0);                                       // n this N this
        m.visitFieldInsn(GETFIELD, owner, bytesField, "J");            // n this N bytes
        m.visitInsn(LADD);                                              // n this sum
        m.visitFieldInsn(PUTFIELD, owner, bytesField, "J");            // n
        m.visitVarInsn(ALOAD, 0);                                       // n this
        m.visitInsn(SWAP);                                              // this n
        m.visitVarInsn(ALOAD, 0);                                       // this n this
        m.visitFieldInsn(GETFIELD, owner, lastField, "J");             // this n last
        m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.STAMP_IF_POSITIVE,
                BridgeCalls.STAMP_IF_POSITIVE_DESCRIPTOR, false);       // this new
        m.visitFieldInsn(PUTFIELD, owner, lastField, "J");             // (empty)
    }

    /** The ASM form of an entry call; the class-file patch inserts the same instructions. */
    public static Emitter entryCall(EntryCall call) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                for (EntryCall.Arg arg : call.args()) {
                    switch (arg.kind()) {
                        case INT:
                            pushInt(m, arg.value());
                            break;
                        case NULL:
                            m.visitInsn(ACONST_NULL);
                            break;
                        case THIS:
                            m.visitVarInsn(ALOAD, 0);
                            break;
                        case FIELD:
                            m.visitVarInsn(ALOAD, 0);
                            m.visitFieldInsn(GETFIELD, owner, arg.name(), arg.descriptor());
                            break;
                        case LOCAL:
                            m.visitVarInsn(ALOAD, arg.value());
                            break;
                        default:
                            lookup(m);
                            break;
                    }
                }
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, call.bridgeMethod(),
                        call.bridgeDescriptor(), false);
            }
        };
    }

    /**
     * With an int count on the stack (a read's result, or the value about to be returned):
     * {@code Bridge.streamEnd(hook, n >>> 31 == 1, this)}, branch-free, the count left as it was.
     * The bridge returns at once unless the count was negative (-1: end of stream).
     */
    public static Emitter streamEndIfNegative(int hook) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // n n
                pushInt(m, 31);
                m.visitInsn(IUSHR);                                     // n end
                streamEnd(m, hook);                                     // n
            }
        };
    }

    /** With an end flag (0 or 1) on the stack: {@code Bridge.streamEnd(hook, end, this)}. */
    public static void streamEnd(MethodVisitor m, int hook) {
        pushInt(m, hook);                                               // end h
        m.visitInsn(SWAP);                                              // h end
        m.visitVarInsn(ALOAD, 0);                                       // h end this
        m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.STREAM_END,
                BridgeCalls.STREAM_END_DESCRIPTOR, false);
    }

    /** Pushes a hook number (0 to 32767) with {@code sipush}, as the class-file patch does. */
    public static void pushInt(MethodVisitor m, int value) {
        m.visitIntInsn(SIPUSH, value);
    }

    /** Caller-sensitive: made inside the woven class, the lookup carries its package access. */
    private static void lookup(MethodVisitor m) {
        m.visitMethodInsn(INVOKESTATIC, EntryCall.LOOKUP_OWNER, "lookup",
                EntryCall.LOOKUP_DESCRIPTOR, false);
    }
}
