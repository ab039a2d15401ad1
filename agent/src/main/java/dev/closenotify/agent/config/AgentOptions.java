package dev.closenotify.agent.config;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.util.Text;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    public static final String IDLE_MS = "idle.ms";
    public static final String THROW_IDLE = "throw.idle";
    public static final String THROW_AWAITING = "throw.awaiting";
    public static final String THROW_HARM = "throw.harm";
    public static final String EXCLUDE = "exclude";
    public static final String LOG_RATE = "log.rate";
    public static final String JFR = "jfr";
    public static final String FRAMING = "framing";
    public static final String REPORT = "report";
    /** Set by the agent itself (never by users) so the CLI can tell that a JVM has it. */
    public static final String ACTIVE = "active";

    public static final Policy DEFAULT_POLICY = Policy.LOG;
    public static final long DEFAULT_IDLE_MS = 2000;
    public static final int DEFAULT_LOG_RATE = 20;
    /**
     * Silent: the attack itself. Unknown: an agent that cannot tell (framing off, not HTTP, a
     * stack not yet fed to the tracker) keeps the throwing it had before harm verdicts existed.
     */
    public static final Set<Harm> DEFAULT_THROW_HARM =
            Collections.unmodifiableSet(EnumSet.of(Harm.SILENT, Harm.UNKNOWN));
    public static final boolean DEFAULT_FRAMING = true;

    /** Every key the agent understands, without the prefix. */
    static final List<String> KNOWN_KEYS =
            List.of(POLICY, IDLE_MS, THROW_IDLE, THROW_AWAITING, THROW_HARM, EXCLUDE, LOG_RATE,
                    JFR, FRAMING, REPORT);

    private AgentOptions() {
    }

    public static AgentConfig parse(String agentArgs, Properties system, Consumer<String> complaints) {
        Map<String, String> args = parseAgentArgs(agentArgs, complaints);
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length());
                if (!KNOWN_KEYS.contains(name) && !name.equals(ACTIVE)) {
                    complaints.accept("unknown property " + Text.printable(key) + " (known: "
                            + knownProperties()
                            + "); ignored");
                }
            }
        }
        Source source = new Source(args, system, complaints);
        Policy policy = policyFrom("agent argument " + POLICY, args.get(POLICY), DEFAULT_POLICY,
                complaints);
        policy = policyFrom(PREFIX + POLICY, system.getProperty(PREFIX + POLICY), policy, complaints);
        long idleMs = source.number(IDLE_MS, DEFAULT_IDLE_MS, 0, 86_400_000L);
        boolean throwIdle = source.bool(THROW_IDLE, true);
        boolean throwAwaiting = source.bool(THROW_AWAITING, true);
        Set<Harm> throwHarm = source.harms(THROW_HARM, DEFAULT_THROW_HARM);
        int logRate = (int) source.number(LOG_RATE, DEFAULT_LOG_RATE, 0, 1_000_000L);
        boolean jfr = source.bool(JFR, true);
        boolean framing = source.onOff(FRAMING, DEFAULT_FRAMING);
        List<PeerPattern> excludes = source.patterns(EXCLUDE);
        Path report = source.path(REPORT);
        return new AgentConfig(policy, idleMs, throwIdle, throwAwaiting, throwHarm, excludes,
                logRate, jfr, framing, report);
    }

    /**
     * Reads a policy value; null means "not given". An invalid value is reported and
     * {@code fallback} is used.
     */
    public static Policy policyFrom(String input, String value, Policy fallback,
            Consumer<String> complaints) {
        if (value == null) {
            return fallback;
        }
        Policy parsed = Policy.parse(value);
        if (parsed == null) {
            complaints.accept(Values.invalidPolicy(input, value, fallback));
            return fallback;
        }
        return parsed;
    }

    /** One key looked up in the system properties first, then in the agent arguments. */
    private static final class Source {
        private final Map<String, String> args;
        private final Properties system;
        private final Consumer<String> complaints;

        Source(Map<String, String> args, Properties system, Consumer<String> complaints) {
            this.args = args;
            this.system = system;
            this.complaints = complaints;
        }

        private String value(String key) {
            String fromSystem = system.getProperty(PREFIX + key);
            return fromSystem != null ? fromSystem : args.get(key);
        }

        private String input(String key) {
            return system.getProperty(PREFIX + key) != null ? PREFIX + key : "agent argument " + key;
        }

        long number(String key, long fallback, long min, long max) {
            String value = value(key);
            if (value == null) {
                return fallback;
            }
            // ASCII digits only (\\d is ASCII here, parseLong is not); leading zeros do not count
            // towards the length that keeps parseLong from overflowing.
            String digits = value.trim().replaceFirst("^0+(?=\\d)", "");
            if (digits.matches("\\d{1,12}")) {
                long parsed = Long.parseLong(digits);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            }
            complaints.accept(Values.invalid(input(key), value,
                    "a whole number from " + min + " to " + max, Long.toString(fallback)));
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            String value = value(key);
            if (value == null) {
                return fallback;
            }
            Boolean parsed = Values.bool(value);
            if (parsed != null) {
                return parsed.booleanValue();
            }
            complaints.accept(Values.invalid(input(key), value, Values.BOOLEAN_EXPECTED,
                    Boolean.toString(fallback)));
            return fallback;
        }

        boolean onOff(String key, boolean fallback) {
            String value = value(key);
            if (value == null) {
                return fallback;
            }
            Boolean parsed = Values.onOff(value);
            if (parsed != null) {
                return parsed.booleanValue();
            }
            complaints.accept(Values.invalid(input(key), value, Values.ON_OFF_EXPECTED,
                    fallback ? "on" : "off"));
            return fallback;
        }

        Set<Harm> harms(String key, Set<Harm> fallback) {
            String value = value(key);
            if (value == null) {
                return fallback;
            }
            Set<Harm> parsed = Values.harms(value);
            if (parsed != null) {
                return parsed;
            }
            complaints.accept(Values.invalid(input(key), value, Values.HARMS_EXPECTED,
                    Values.ids(fallback)));
            return fallback;
        }

        List<PeerPattern> patterns(String key) {
            String value = value(key);
            List<PeerPattern> patterns = new ArrayList<>();
            if (value == null || value.isBlank()) {
                return patterns;
            }
            // In an agent argument, commas separate arguments: use ';' between patterns there.
            for (String item : value.split("[,;]")) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    patterns.add(PeerPattern.parse(item));
                } catch (PeerPattern.InvalidPatternException e) {
                    complaints.accept("invalid pattern '" + Text.printable(item.trim()) + "' in "
                            + input(key) + " (" + e.getMessage() + "); ignored");
                }
            }
            return patterns;
        }

        Path path(String key) {
            String value = value(key);
            if (value == null) {
                return null;
            }
            try {
                // trim(), not isBlank(): trim() also strips control characters, and an empty
                // path would resolve to the working directory.
                if (value.trim().isEmpty()) {
                    throw new InvalidPathException(value, "empty path");
                }
                Path path = Paths.get(value.trim()).toAbsolutePath();
                if (Files.isDirectory(path)) {
                    complaints.accept("cannot write " + input(key) + "='" + Text.printable(value)
                            + "' (it is a directory, expected a file name); no report will be"
                            + " written");
                    return null;
                }
                Path dir = path.getParent();
                if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                    complaints.accept("cannot write " + input(key) + "='" + Text.printable(value)
                            + "' (directory " + Text.printable(String.valueOf(dir))
                            + " is missing or not writable); no report"
                            + " will be written");
                    return null;
                }
                return path;
            } catch (InvalidPathException e) {
                complaints.accept("invalid path '" + Text.printable(value) + "' for " + input(key) + " ("
                        + e.getReason() + "); no report will be written");
                return null;
            }
        }
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
                complaints.accept("malformed agent argument '" + Text.printable(item)
                        + "' (expected key=value, e.g. policy=log); ignored");
                continue;
            }
            String key = item.substring(0, eq).trim();
            if (key.startsWith(PREFIX)) {
                key = key.substring(PREFIX.length());
            }
            if (!KNOWN_KEYS.contains(key)) {
                complaints.accept("unknown agent argument '" + Text.printable(key) + "' (known: "
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
}
