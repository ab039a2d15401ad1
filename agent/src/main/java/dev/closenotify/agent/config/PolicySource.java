package dev.closenotify.agent.config;

import dev.closenotify.agent.Console;
import java.util.Properties;

/**
 * The policy in force for the next event. The system property is re-read every time so that
 * {@code System.setProperty("closenotify.policy", ...)} (or the MBean, which sets that property)
 * takes effect at the next event; without it the start-up value applies.
 */
public final class PolicySource {

    public static final String PROPERTY = AgentOptions.PREFIX + AgentOptions.POLICY;

    private final Policy startPolicy;
    private final Properties system;
    /** The property's value at start-up: if invalid, start-up has already said so. */
    private final String startValue;

    public PolicySource(Policy startPolicy, Properties system) {
        this.startPolicy = startPolicy;
        this.system = system;
        this.startValue = system.getProperty(PROPERTY);
    }

    public Policy current() {
        String value = system.getProperty(PROPERTY);
        if (value == null) {
            return startPolicy;
        }
        Policy parsed = Policy.parse(value);
        if (parsed == null) {
            // Said once per distinct bad value: the property is read on every event.
            if (!value.equals(startValue)) {
                Console.sayOnce("policy:" + value,
                        AgentOptions.invalidPolicyMessage(PROPERTY, value, startPolicy));
            }
            return startPolicy;
        }
        return parsed;
    }

    /** Sets the policy as the MBean does: through the system property, so the two never disagree. */
    public void set(String value) {
        Policy parsed = Policy.parse(value);
        if (parsed == null) {
            throw new IllegalArgumentException("invalid value '" + value + "' for Policy (expected "
                    + Policy.EXPECTED + "); policy unchanged");
        }
        system.setProperty(PROPERTY, parsed.id());
    }
}
