package dev.closenotify.agent.weave.hook;

/** Where a hook stands; exposed through the MBean's {@code Hooks} attribute. */
public enum HookState {
    /** Its class has not been loaded yet; it will be rewritten when it is. */
    PENDING("pending"),
    APPLIED("applied"),
    /** The JDK build lacks the method: that detection is off, the class untouched. */
    MISSING("missing"),
    /** Rewriting failed: that detection is off, the class untouched. */
    FAILED("failed"),
    /** The agent could not ready its detection (said on stderr): the class was left as it was. */
    INACTIVE("inactive"),
    /** Tracking only: the class was loaded before the agent, so no fields could be added. */
    UNAVAILABLE_LOADED("unavailable-loaded-before-agent");

    private final String id;

    HookState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
