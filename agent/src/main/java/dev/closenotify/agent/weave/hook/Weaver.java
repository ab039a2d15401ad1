package dev.closenotify.agent.weave.hook;

/** Rewrites one class file: the hook and tracking given for it, either of which may be null. */
public interface Weaver {

    /** Enough extra operand stack for any code a weaver inserts (the longest is five slots). */
    int EXTRA_STACK = 8;

    /**
     * @param loader the class's loader (null: bootstrap), to check fields of other classes
     * @return what was woven; null to decline the class (the next weaver gets it)
     */
    Woven weave(String internalName, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking);
}
