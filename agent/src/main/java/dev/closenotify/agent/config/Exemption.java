package dev.closenotify.agent.config;

/** The exchange states a truncation under {@code throw} can be exempted in. */
public enum Exemption {
    /** {@code closenotify.throw.idle}: quiet for the idle threshold (a keep-alive timeout). */
    IDLE(AgentOptions.THROW_IDLE),
    /** {@code closenotify.throw.awaiting}: we wrote and no byte of a reply came. */
    AWAITING(AgentOptions.THROW_AWAITING);

    private final String key;

    Exemption(String key) {
        this.key = key;
    }

    /** The option's key without the {@code closenotify.} prefix. */
    public String key() {
        return key;
    }
}
