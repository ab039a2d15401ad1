package dev.closenotify.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the agent's configuration from the agent argument string and the system properties.
 * System properties win over agent arguments. Everything the user can get wrong is reported
 * through {@code complaints}, one line each, naming the input, the value and what is done instead.
 *
 * <p>The system properties are a parameter (not read here) so that parsing is testable.
 */
public final class AgentOptions {

    public static final String PREFIX = "closenotify.";
    public static final String POLICY = "policy";
    public static final Policy DEFAULT_POLICY = Policy.LOG;

    /** Every key the agent understands, without the prefix. */
    private static final List<String> KNOWN_KEYS = List.of(POLICY);

    private final Policy startPolicy;

    private AgentOptions(Policy startPolicy) {
        this.startPolicy = startPolicy;
    }

    /** The policy in force at start-up; also the fallback when a later value is invalid. */
    public Policy startPolicy() {
        return startPolicy;
    }

    public static AgentOptions parse(String agentArgs, Properties system, Consumer<String> complaints) {
        Map<String, String> args = parseAgentArgs(agentArgs, complaints);
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !KNOWN_KEYS.contains(key.substring(PREFIX.length()))) {
                complaints.accept("unknown property " + key + " (known: " + knownProperties()
                        + "); ignored");
            }
        }
        Policy fromArgs = policyFrom("agent argument " + POLICY, args.get(POLICY), DEFAULT_POLICY,
                complaints);
        Policy policy = policyFrom(PREFIX + POLICY, system.getProperty(PREFIX + POLICY), fromArgs,
                complaints);
        return new AgentOptions(policy);
    }

    /**
     * Reads a policy value; null or blank means "not given". An invalid value is reported and
     * {@code fallback} is used.
     */
    public static Policy policyFrom(String input, String value, Policy fallback,
            Consumer<String> complaints) {
        if (value == null) {
            return fallback;
        }
        Policy parsed = Policy.parse(value);
        if (parsed == null) {
            complaints.accept(invalidPolicyMessage(input, value, fallback));
            return fallback;
        }
        return parsed;
    }

    public static String invalidPolicyMessage(String input, String value, Policy used) {
        return "invalid value '" + printable(value) + "' for " + input + " (expected "
                + Policy.EXPECTED + "); using '" + used.id() + "'";
    }

    private static Map<String, String> parseAgentArgs(String agentArgs, Consumer<String> complaints) {
        Map<String, String> result = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return result;
        }
        for (String part : agentArgs.split(",", -1)) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                complaints.accept("malformed agent argument '" + printable(item)
                        + "' (expected key=value, e.g. policy=log); ignored");
                continue;
            }
            String key = item.substring(0, eq).trim();
            if (key.startsWith(PREFIX)) {
                key = key.substring(PREFIX.length());
            }
            if (!KNOWN_KEYS.contains(key)) {
                complaints.accept("unknown agent argument '" + printable(key) + "' (known: "
                        + String.join(", ", KNOWN_KEYS) + "); ignored");
                continue;
            }
            result.put(key, item.substring(eq + 1));
        }
        return result;
    }

    private static String knownProperties() {
        List<String> names = new ArrayList<>();
        for (String key : KNOWN_KEYS) {
            names.add(PREFIX + key);
        }
        return String.join(", ", names);
    }

    /** Keeps user input printable and short in messages: control characters escaped, long cut. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
