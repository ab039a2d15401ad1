package dev.closenotify.agent.weave.hook;

/**
 * Where in a method the woven code goes. Every site takes straight-line code that leaves the
 * operand stack and locals as it found them, so no stack map frame has to change.
 *
 * @param kind entry, before each return, or before or after each call of one method
 * @param callName for the call kinds: the called method's name
 * @param callDescriptor for the call kinds: its descriptor
 */
public record Site(Kind kind, String callName, String callDescriptor) {

    public enum Kind { ENTRY, BEFORE_RETURN, BEFORE_CALL, AFTER_CALL }

    public static final Site ENTRY = new Site(Kind.ENTRY, null, null);
    public static final Site BEFORE_RETURN = new Site(Kind.BEFORE_RETURN, null, null);

    public static Site beforeCall(String name, String descriptor) {
        return new Site(Kind.BEFORE_CALL, name, descriptor);
    }

    /** Right after each call of one method, where its result (if any) is on the stack. */
    public static Site afterCall(String name, String descriptor) {
        return new Site(Kind.AFTER_CALL, name, descriptor);
    }
}
