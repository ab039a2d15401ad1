package dev.closenotify.agent.weave.hook;

import java.util.ArrayList;
import java.util.List;

/**
 * A call to the bridge at a method's entry whose arguments are constants, {@code this}, fields
 * of {@code this}, reference arguments of the method and a lookup made inside the method's
 * class. Both weavers can insert one: the class-file patch without ASM, the ASM weaver through
 * its emitter for it, so the two never differ.
 *
 * @param bridgeMethod the static method of {@link BridgeCalls#OWNER} called
 * @param bridgeDescriptor its descriptor, matching {@code args}
 * @param args what is pushed, in order
 */
public record EntryCall(String bridgeMethod, String bridgeDescriptor, List<Arg> args) {

    public static final String LOOKUP_OWNER = "java/lang/invoke/MethodHandles";
    public static final String LOOKUP_DESCRIPTOR = "()Ljava/lang/invoke/MethodHandles$Lookup;";

    /**
     * One pushed value: {@code name}/{@code descriptor} for a field, {@code value} for a local's
     * index or an int constant.
     */
    public record Arg(Kind kind, String name, String descriptor, int value) {
        public enum Kind { INT, NULL, THIS, FIELD, LOCAL, LOOKUP }

        /** An int constant, such as the hook's number (0 to 32767). */
        public static Arg constant(int value) {
            if (value < 0 || value > Short.MAX_VALUE) {
                throw new IllegalArgumentException("constant out of range: " + value);
            }
            return new Arg(Kind.INT, null, null, value);
        }

        public static Arg nullValue() {
            return new Arg(Kind.NULL, null, null, 0);
        }

        public static Arg self() {
            return new Arg(Kind.THIS, null, null, 0);
        }

        public static Arg field(String name, String descriptor) {
            return new Arg(Kind.FIELD, name, descriptor, 0);
        }

        /** A reference-typed local variable, e.g. 1 for the first argument of an instance method. */
        public static Arg local(int index) {
            return new Arg(Kind.LOCAL, null, null, index);
        }

        public static Arg lookup() {
            return new Arg(Kind.LOOKUP, null, null, 0);
        }
    }

    /**
     * {@code Bridge.eof(hook, this, this.<stateField>, <cause>, MethodHandles.lookup())}: "EOF seen
     * on this object", with the state field's value and the cause from the method's local
     * {@code causeLocal} (or null when {@code causeLocal} is negative).
     */
    public static EntryCall eof(int hook, String stateField, String stateDescriptor,
            int causeLocal) {
        return new EntryCall(BridgeCalls.EOF, BridgeCalls.EOF_DESCRIPTOR, List.of(
                Arg.constant(hook), Arg.self(), Arg.field(stateField, stateDescriptor),
                causeLocal < 0 ? Arg.nullValue() : Arg.local(causeLocal), Arg.lookup()));
    }

    /** The fields of the woven class the call reads. */
    public List<FieldRef> fields(String owner) {
        List<FieldRef> fields = new ArrayList<>();
        for (Arg arg : args) {
            if (arg.kind() == Arg.Kind.FIELD) {
                fields.add(new FieldRef(owner, arg.name(), arg.descriptor()));
            }
        }
        return fields;
    }
}
