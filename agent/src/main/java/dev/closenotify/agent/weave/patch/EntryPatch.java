package dev.closenotify.agent.weave.patch;

import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.hook.Woven;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Inserts an {@link EntryCall} at the entry of one method by editing the class file in place:
 * new constants are appended to the pool, the call goes in front of the method's code, and the
 * few tables that hold code offsets are shifted. Nothing else in the class is read or rewritten.
 *
 * <p>Why: the socket hook's class, SSLSocketImpl, is large, and ASM's round trip of it (decoding
 * its whole constant pool into a symbol table) costs 20-30 ms in a JVM that has just started,
 * during the application's first TLS connection. This takes about a millisecond.
 *
 * <p>Fenced to that one job: it takes only a hook that is an entry call in a class with no
 * tracking. It declines (returns null), and the class goes to the next weaver, for anything it
 * does not expect: a static or missing method, a missing field, a code attribute it does not
 * know, a branch to the first instruction (it would need a new stack map frame), limits of the
 * class file format. The inserted code is padded with {@code nop}s to a multiple of four bytes,
 * so the alignment of {@code tableswitch}/{@code lookupswitch} and every relative branch stay as
 * they were; absolute offsets (exception table, the first stack map frame, line and local
 * variable tables) move by that many bytes.
 */
public final class EntryPatch implements Weaver {

    private static final int NOP = 0x00;
    private static final int ACONST_NULL = 0x01;
    private static final int SIPUSH = 0x11;
    private static final int ALOAD = 0x19;
    private static final int ALOAD_0 = 0x2a;
    private static final int GETFIELD = 0xb4;
    private static final int INVOKESTATIC = 0xb8;
    private static final int ACC_STATIC = 0x0008;

    private final byte[] in;
    private final ByteArrayOutputStream newConstants = new ByteArrayOutputStream();
    private int nextIndex;

    /** The weaver: stateless, each class gets a patch of its own. */
    public EntryPatch() {
        this.in = null;
    }

    private EntryPatch(byte[] in) {
        this.in = in;
    }

    @Override
    public Woven weave(String internalName, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking) {
        if (hook == null || tracking != null || hook.entryCall() == null) {
            return null;
        }
        byte[] patched = apply(classFile, hook.method(), hook.descriptor(), hook.entryCall(),
                EXTRA_STACK);
        return patched == null ? null : new Woven(patched, true, false, List.of());
    }

    /**
     * The class with {@code call} inserted at the entry of {@code method}{@code descriptor} and
     * {@code extraStack} added to its operand stack limit, or null to leave it to ASM.
     */
    public static byte[] apply(byte[] classFile, String method, String descriptor, EntryCall call,
            int extraStack) {
        try {
            return new EntryPatch(classFile).patch(method, descriptor, call, extraStack);
        } catch (RuntimeException malformedOrUnexpected) {
            return null;
        }
    }

    private byte[] patch(String method, String descriptor, EntryCall call, int extraStack) {
        if (u4(0) != 0xCAFEBABE) {
            return null;
        }
        int count = u2(8);
        int[] offsets = new int[count]; // Where each constant starts (0 for the unusable slots).
        int p = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = p;
            int tag = in[p] & 0xff;
            switch (tag) {
                case 1: p += 3 + u2(p + 1); break;
                case 3: case 4: p += 5; break;
                case 5: case 6: p += 9; i++; break;
                case 7: case 8: case 16: case 19: case 20: p += 3; break;
                case 9: case 10: case 11: case 12: case 17: case 18: p += 5; break;
                case 15: p += 4; break;
                default: return null;
            }
        }
        int poolEnd = p;
        int thisClass = u2(poolEnd + 2);
        p = poolEnd + 6;
        p += 2 + 2 * u2(p); // interfaces

        // Fields: every field the call reads must be declared by this class, as described.
        int fieldCount = u2(p);
        p += 2;
        boolean[] fieldFound = new boolean[call.args().size()];
        for (int f = 0; f < fieldCount; f++) {
            for (int a = 0; a < fieldFound.length; a++) {
                EntryCall.Arg arg = call.args().get(a);
                if (arg.kind() == EntryCall.Arg.Kind.FIELD && utf8Is(offsets, u2(p + 2), arg.name())
                        && utf8Is(offsets, u2(p + 4), arg.descriptor())) {
                    fieldFound[a] = true;
                }
            }
            p = skipAttributes(p + 6);
        }
        for (int a = 0; a < fieldFound.length; a++) {
            if (call.args().get(a).kind() == EntryCall.Arg.Kind.FIELD && !fieldFound[a]) {
                return null;
            }
        }

        // Methods: find the one, and its Code attribute.
        int methodCount = u2(p);
        p += 2;
        int codeStart = -1;
        for (int m = 0; m < methodCount && codeStart < 0; m++) {
            boolean target = utf8Is(offsets, u2(p + 2), method)
                    && utf8Is(offsets, u2(p + 4), descriptor);
            if (target && (u2(p) & ACC_STATIC) != 0) {
                return null;
            }
            int attributes = u2(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                if (target && utf8Is(offsets, u2(p), "Code")) {
                    codeStart = p;
                }
                p += 6 + u4(p + 2);
            }
        }
        if (codeStart < 0) {
            return null;
        }

        nextIndex = count;
        byte[] inserted = code(call, thisClass);
        if (nextIndex > 0xffff) {
            return null;
        }
        byte[] code = rewriteCode(codeStart, inserted, extraStack, offsets);
        if (code == null) {
            return null;
        }
        int codeEnd = codeStart + 6 + u4(codeStart + 2);

        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 256);
        out.write(in, 0, 8);
        out.write(nextIndex >>> 8);
        out.write(nextIndex);
        out.write(in, 10, poolEnd - 10);
        byte[] constants = newConstants.toByteArray();
        out.write(constants, 0, constants.length);
        out.write(in, poolEnd, codeStart - poolEnd);
        out.write(code, 0, code.length);
        out.write(in, codeEnd, in.length - codeEnd);
        return out.toByteArray();
    }

    /** The inserted instructions, padded with nops to a multiple of four bytes. */
    private byte[] code(EntryCall call, int thisClass) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (EntryCall.Arg arg : call.args()) {
            switch (arg.kind()) {
                case INT:
                    code.write(SIPUSH);
                    u2(code, arg.value());
                    break;
                case NULL:
                    code.write(ACONST_NULL);
                    break;
                case THIS:
                    code.write(ALOAD_0);
                    break;
                case FIELD:
                    code.write(ALOAD_0);
                    code.write(GETFIELD);
                    u2(code, member(9, thisClass, arg.name(), arg.descriptor()));
                    break;
                case LOCAL:
                    if (arg.value() <= 3) {
                        code.write(ALOAD_0 + arg.value());
                    } else if (arg.value() <= 0xff) {
                        code.write(ALOAD);
                        code.write(arg.value());
                    } else {
                        throw new IllegalArgumentException("local " + arg.value());
                    }
                    break;
                default:
                    code.write(INVOKESTATIC);
                    u2(code, member(10, classConstant(EntryCall.LOOKUP_OWNER), "lookup",
                            EntryCall.LOOKUP_DESCRIPTOR));
                    break;
            }
        }
        code.write(INVOKESTATIC);
        u2(code, member(10, classConstant(BridgeCalls.OWNER), call.bridgeMethod(),
                call.bridgeDescriptor()));
        while (code.size() % 4 != 0) {
            code.write(NOP);
        }
        return code.toByteArray();
    }

    /**
     * The whole Code attribute again, with {@code inserted} in front of the code; null if the
     * code branches to its first instruction or carries an attribute this does not know.
     */
    private byte[] rewriteCode(int start, byte[] inserted, int extraStack, int[] offsets) {
        int shift = inserted.length;
        int maxStack = u2(start + 6) + extraStack;
        int codeLength = u4(start + 10);
        int codeOffset = start + 14;
        if (maxStack > 0xffff || codeLength + shift > 0xffff || branchesToStart(codeOffset, codeLength)) {
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u2(body, maxStack);
        u2(body, u2(start + 8)); // max_locals
        u4(body, codeLength + shift);
        body.write(inserted, 0, shift);
        body.write(in, codeOffset, codeLength);
        int p = codeOffset + codeLength;
        int handlers = u2(p);
        u2(body, handlers);
        p += 2;
        for (int h = 0; h < handlers; h++, p += 8) {
            if (u2(p + 4) == 0) {
                return null; // A handler at the first instruction would need a frame there.
            }
            u2(body, u2(p) + shift);
            u2(body, u2(p + 2) + shift);
            u2(body, u2(p + 4) + shift);
            u2(body, u2(p + 6));
        }
        int attributes = u2(p);
        u2(body, attributes);
        p += 2;
        for (int a = 0; a < attributes; a++) {
            int nameIndex = u2(p);
            int length = u4(p + 2);
            byte[] attribute = Arrays.copyOfRange(in, p + 6, p + 6 + length);
            if (utf8Is(offsets, nameIndex, "LineNumberTable")) {
                shiftEntries(attribute, 4, 0, shift);
            } else if (utf8Is(offsets, nameIndex, "LocalVariableTable")
                    || utf8Is(offsets, nameIndex, "LocalVariableTypeTable")) {
                shiftEntries(attribute, 10, 0, shift);
            } else if (utf8Is(offsets, nameIndex, "StackMapTable")) {
                attribute = shiftFirstFrame(attribute, shift);
                shiftUninitialized(attribute, shift);
            } else {
                return null;
            }
            u2(body, nameIndex);
            u4(body, attribute.length);
            body.write(attribute, 0, attribute.length);
            p += 6 + length;
        }
        byte[] bodyBytes = body.toByteArray();
        ByteArrayOutputStream attribute = new ByteArrayOutputStream(bodyBytes.length + 6);
        u2(attribute, u2(start));
        u4(attribute, bodyBytes.length);
        attribute.write(bodyBytes, 0, bodyBytes.length);
        return attribute.toByteArray();
    }

    /** Adds {@code shift} to the u2 at {@code field} of each entry of a u2-counted table. */
    private static void shiftEntries(byte[] table, int entrySize, int field, int shift) {
        int entries = ((table[0] & 0xff) << 8) | (table[1] & 0xff);
        for (int e = 0; e < entries; e++) {
            int at = 2 + e * entrySize + field;
            int value = (((table[at] & 0xff) << 8) | (table[at + 1] & 0xff)) + shift;
            if (value > 0xffff) {
                throw new IllegalStateException("offset overflow");
            }
            table[at] = (byte) (value >>> 8);
            table[at + 1] = (byte) value;
        }
    }

    /**
     * The first frame's offset is absolute (the others are relative to it): move it. The two
     * short frame forms hold it in the frame type, and become their extended forms if needed.
     */
    private static byte[] shiftFirstFrame(byte[] table, int shift) {
        int entries = ((table[0] & 0xff) << 8) | (table[1] & 0xff);
        if (entries == 0) {
            return table;
        }
        int type = table[2] & 0xff;
        if (type <= 127) {
            boolean withStackItem = type >= 64;
            int delta = (withStackItem ? type - 64 : type) + shift;
            if (delta <= 63) {
                table[2] = (byte) (withStackItem ? 64 + delta : delta);
                return table;
            }
            byte[] extended = new byte[table.length + 2];
            extended[0] = table[0];
            extended[1] = table[1];
            extended[2] = (byte) (withStackItem ? 247 : 251);
            extended[3] = (byte) (delta >>> 8);
            extended[4] = (byte) delta;
            System.arraycopy(table, 3, extended, 5, table.length - 3);
            return extended;
        }
        if (type < 247) {
            throw new IllegalStateException("reserved frame type " + type);
        }
        int delta = (((table[3] & 0xff) << 8) | (table[4] & 0xff)) + shift;
        if (delta > 0xffff) {
            throw new IllegalStateException("offset overflow");
        }
        table[3] = (byte) (delta >>> 8);
        table[4] = (byte) delta;
        return table;
    }

    /**
     * An {@code Uninitialized} entry of any frame names the absolute offset of its {@code new}
     * instruction: move those too. Walks every frame of the table.
     */
    private static void shiftUninitialized(byte[] table, int shift) {
        int entries = ((table[0] & 0xff) << 8) | (table[1] & 0xff);
        int p = 2;
        for (int e = 0; e < entries; e++) {
            int type = table[p++] & 0xff;
            int items;
            if (type <= 63) {
                items = 0;
            } else if (type <= 127) {
                items = 1;
            } else if (type == 247) {
                p += 2;
                items = 1;
            } else if (type >= 248 && type <= 251) {
                p += 2;
                items = 0;
            } else if (type >= 252 && type <= 254) {
                p += 2;
                items = type - 251;
            } else if (type == 255) {
                p += 2;
                int locals = ((table[p] & 0xff) << 8) | (table[p + 1] & 0xff);
                p = shiftItems(table, p + 2, locals, shift);
                items = ((table[p] & 0xff) << 8) | (table[p + 1] & 0xff);
                p += 2;
            } else {
                throw new IllegalStateException("reserved frame type " + type);
            }
            p = shiftItems(table, p, items, shift);
        }
        if (p != table.length) {
            throw new IllegalStateException("stack map table length");
        }
    }

    /** Walks {@code count} verification type entries from {@code p}; returns the end. */
    private static int shiftItems(byte[] table, int p, int count, int shift) {
        for (int i = 0; i < count; i++) {
            int tag = table[p] & 0xff;
            if (tag == 8) { // Uninitialized(offset)
                int value = (((table[p + 1] & 0xff) << 8) | (table[p + 2] & 0xff)) + shift;
                if (value > 0xffff) {
                    throw new IllegalStateException("offset overflow");
                }
                table[p + 1] = (byte) (value >>> 8);
                table[p + 2] = (byte) value;
                p += 3;
            } else if (tag == 7) { // Object(class)
                p += 3;
            } else if (tag <= 6) {
                p += 1;
            } else {
                throw new IllegalStateException("verification type " + tag);
            }
        }
        return p;
    }

    /** True when any branch, switch case or jump subroutine of the code targets offset 0. */
    private boolean branchesToStart(int code, int length) {
        int pc = 0;
        while (pc < length) {
            int op = in[code + pc] & 0xff;
            if ((op >= 0x99 && op <= 0xa8) || op == 0xc6 || op == 0xc7) { // if*, goto, jsr, ifnull
                if (pc + (short) u2(code + pc + 1) == 0) {
                    return true;
                }
                pc += 3;
            } else if (op == 0xc8 || op == 0xc9) { // goto_w, jsr_w
                if (pc + u4(code + pc + 1) == 0) {
                    return true;
                }
                pc += 5;
            } else if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch
                int at = pc + 4 - (pc & 3); // after the padding
                int targets;
                int step;
                if (op == 0xaa) {
                    targets = u4(code + at + 8) - u4(code + at + 4) + 1;
                    step = 4;
                    at += 12;
                } else {
                    targets = u4(code + at + 4);
                    step = 8;
                    if (pc + u4(code + at) == 0) {
                        return true;
                    }
                    at += 8;
                }
                if (op == 0xaa && pc + u4(code + at - 12) == 0) {
                    return true; // default
                }
                for (int t = 0; t < targets; t++) {
                    int offset = op == 0xaa ? u4(code + at + t * 4) : u4(code + at + t * 8 + 4);
                    if (pc + offset == 0) {
                        return true;
                    }
                }
                pc = at + targets * step;
            } else if (op == 0xc4) { // wide
                pc += (in[code + pc + 1] & 0xff) == 0x84 ? 6 : 4;
            } else {
                int size = SIZES[op];
                if (size == 0) {
                    throw new IllegalStateException("unknown opcode " + op);
                }
                pc += size;
            }
        }
        return false;
    }

    /** Instruction sizes of the fixed-size opcodes; 0 for the variable ones and unused codes. */
    private static final byte[] SIZES = sizes();

    private static byte[] sizes() {
        byte[] sizes = new byte[256];
        Arrays.fill(sizes, 0, 0xca, (byte) 1);
        sizes[0x10] = 2; // bipush
        sizes[0x11] = 3; // sipush
        sizes[0x12] = 2; // ldc
        sizes[0x13] = 3; // ldc_w
        sizes[0x14] = 3; // ldc2_w
        Arrays.fill(sizes, 0x15, 0x1a, (byte) 2); // iload..aload
        Arrays.fill(sizes, 0x36, 0x3b, (byte) 2); // istore..astore
        sizes[0x84] = 3; // iinc
        sizes[0xa9] = 2; // ret
        Arrays.fill(sizes, 0xb2, 0xb9, (byte) 3); // get/putstatic/field, invokevirtual/special/static
        sizes[0xb9] = 5; // invokeinterface
        sizes[0xba] = 5; // invokedynamic
        sizes[0xbb] = 3; // new
        sizes[0xbc] = 2; // newarray
        sizes[0xbd] = 3; // anewarray
        sizes[0xc0] = 3; // checkcast
        sizes[0xc1] = 3; // instanceof
        sizes[0xc5] = 4; // multianewarray
        sizes[0xaa] = 0; // tableswitch
        sizes[0xab] = 0; // lookupswitch
        sizes[0xc4] = 0; // wide
        return sizes;
    }

    // ---- constant pool additions ---------------------------------------------------------------

    private int utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8); // ASCII names: same as modified UTF-8
        newConstants.write(1);
        u2(newConstants, bytes.length);
        newConstants.write(bytes, 0, bytes.length);
        return nextIndex++;
    }

    private int classConstant(String internalName) {
        int name = utf8(internalName);
        newConstants.write(7);
        u2(newConstants, name);
        return nextIndex++;
    }

    /** A Fieldref (tag 9) or Methodref (tag 10) of {@code owner} (a Class constant index). */
    private int member(int tag, int owner, String name, String descriptor) {
        int nameIndex = utf8(name);
        int descriptorIndex = utf8(descriptor);
        newConstants.write(12);
        u2(newConstants, nameIndex);
        u2(newConstants, descriptorIndex);
        int nameAndType = nextIndex++;
        newConstants.write(tag);
        u2(newConstants, owner);
        u2(newConstants, nameAndType);
        return nextIndex++;
    }

    // ---- reading and writing -------------------------------------------------------------------

    /** Whether constant {@code index} is the Utf8 {@code text} (ASCII). */
    private boolean utf8Is(int[] offsets, int index, String text) {
        if (index <= 0 || index >= offsets.length || offsets[index] == 0) {
            return false;
        }
        int at = offsets[index];
        if (in[at] != 1 || u2(at + 1) != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (in[at + 3 + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int skipAttributes(int p) {
        int attributes = u2(p);
        p += 2;
        for (int a = 0; a < attributes; a++) {
            p += 6 + u4(p + 2);
        }
        return p;
    }

    private int u2(int at) {
        return ((in[at] & 0xff) << 8) | (in[at + 1] & 0xff);
    }

    private int u4(int at) {
        return ((in[at] & 0xff) << 24) | ((in[at + 1] & 0xff) << 16) | ((in[at + 2] & 0xff) << 8)
                | (in[at + 3] & 0xff);
    }

    private static void u2(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void u4(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
