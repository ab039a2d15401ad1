package dev.closenotify.agent.config;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.util.Console;
import java.util.Properties;
import java.util.Set;

/**
 * The policy in force for the next event. The system property is re-read every time so that
 * {@code System.setProperty("closenotify.policy", ...)} (or the MBean, which sets that property)
 * takes effect at the next event; without it the start-up value applies. The two {@code throw}
 * exemptions ({@code closenotify.throw.idle}, {@code closenotify.throw.awaiting}) and the harm
 * verdicts that throw ({@code closenotify.throw.harm}) are re-read the same way. Only events pay
 * for these reads, never the I/O path.
 */
public final class PolicySource {

    public static final String PROPERTY = AgentOptions.PREFIX + AgentOptions.POLICY;
    public static final String THROW_HARM_PROPERTY = AgentOptions.PREFIX + AgentOptions.THROW_HARM;

    private final Policy startPolicy;
    private final Properties system;
    /** The properties' values at start-up: if invalid, start-up has already said so. */
    private final String startValue;
    private final String startIdle;
    private final String startAwaiting;
    private final String startHarm;

    /** Made at start-up: the values it sees then are the ones start-up has judged. */
    public PolicySource(Policy startPolicy, Properties system) {
        this.startPolicy = startPolicy;
        this.system = system;
        this.startValue = system.getProperty(PROPERTY);
        this.startIdle = system.getProperty(property(Exemption.IDLE));
        this.startAwaiting = system.getProperty(property(Exemption.AWAITING));
        this.startHarm = system.getProperty(THROW_HARM_PROPERTY);
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
                        Values.invalidPolicy(PROPERTY, value, startPolicy));
            }
            return startPolicy;
        }
        return parsed;
    }

    /**
     * Whether {@code throw} applies to a truncation under this exemption (null: none applies, so
     * it throws): an exemption property set to {@code false} (at start-up or since) lets idle or
     * awaiting ones through.
     */
    public boolean throwsFor(Exemption exemption, boolean idleDefault, boolean awaitingDefault) {
        if (exemption == null) {
            return true;
        }
        return exemption == Exemption.IDLE ? flag(exemption, startIdle, idleDefault)
                : flag(exemption, startAwaiting, awaitingDefault);
    }

    private boolean flag(Exemption exemption, String startValueOfProperty, boolean fallback) {
        String property = property(exemption);
        String value = system.getProperty(property);
        if (value == null) {
            return fallback;
        }
        Boolean parsed = Values.bool(value);
        if (parsed != null) {
            return parsed.booleanValue();
        }
        if (!value.equals(startValueOfProperty)) { // Else start-up has said it already.
            Console.sayOnce(property + ":" + value, Values.invalid(property, value,
                    Values.BOOLEAN_EXPECTED, Boolean.toString(fallback)));
        }
        return fallback;
    }

    /**
     * Whether {@code throw} applies to a truncation with this harm verdict: the property's value
     * now, or {@code startSet} (the start-up value, see {@link AgentConfig#throwHarm}) when it is
     * unset or invalid. A null verdict counts as {@link Harm#UNKNOWN}: not knowing is no reason
     * to stop throwing.
     */
    public boolean throwsForHarm(Harm harm, Set<Harm> startSet) {
        Harm verdict = harm == null ? Harm.UNKNOWN : harm;
        Set<Harm> fallback = startSet == null ? AgentOptions.DEFAULT_THROW_HARM : startSet;
        String value = system.getProperty(THROW_HARM_PROPERTY);
        if (value == null) {
            return fallback.contains(verdict);
        }
        Set<Harm> parsed = Values.harms(value);
        if (parsed != null) {
            return parsed.contains(verdict);
        }
        if (!value.equals(startHarm)) { // Else start-up has said it already.
            Console.sayOnce(THROW_HARM_PROPERTY + ":" + value, Values.invalid(THROW_HARM_PROPERTY,
                    value, Values.HARMS_EXPECTED, Values.ids(fallback)));
        }
        return fallback.contains(verdict);
    }

    private static String property(Exemption exemption) {
        return AgentOptions.PREFIX + exemption.key();
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
