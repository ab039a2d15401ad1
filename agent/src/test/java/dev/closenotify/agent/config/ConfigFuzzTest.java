package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.util.Text;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random configurations and exclude patterns with a fixed seed (so a failure is reproducible):
 * no exception escapes the parsers, every input is either accepted or reported, each report is
 * one visible line, and nothing is ever looked up in DNS.
 *
 * <p>The oracle is the documented syntax, written independently of the parser: agent arguments
 * are {@code key=value} items separated by ',', system properties win, policy is one of
 * off|count|log|throw, numbers are whole ASCII numbers in range, booleans are true|false,
 * surrounding blanks (what {@code String.trim()} strips) are ignored, framing is on|off,
 * throw.harm is a non-empty list of harm ids separated by ',' or ';' (blanks around each), and
 * every non-blank exclude item is either a pattern or one complaint.
 */
class ConfigFuzzTest {

    private static final long SEED = 0x5AFE_C105EL;
    private static final int CASES = 50_000;

    private static final List<String> KEYS = List.copyOf(AgentOptions.KNOWN_KEYS);
    private static final Set<String> POLICIES = Set.of("off", "count", "log", "throw");
    private static final List<String> HARMS = List.of("none", "detected", "silent", "unknown");
    private static final String[] UNICODE = {
        "\u00e9", "\u00df", "\u0130", "\u0131", "\u03a3", "\u0435", "\u0662", "\uff11", "\uff4c",
        "\u00a0", "\u2007", "\u3000", "\u200b", "\u202e", "\u2028", "\u0085", "\u009b", "\ufeff",
        "\ud83d\ude00", "\ud800", "\udc00", "\u0000", "\u001b", "\t", "\n", "\u007f", "\uffff"
    };
    private static final String PATTERN_ALPHABET = "0123456789abcdefABCDEFxyz.:/[]*-_ ,;%@!";

    @Test
    void fiftyThousandRandomConfigurationsAreEachAcceptedOrReported() throws Exception {
        Random random = new Random(SEED);
        Set<String> lookupsBefore = PeerPatternTest.lookupCacheKeys();
        long complaintsSeen = 0;
        int casesWithComplaints = 0;
        int casesWithout = 0;
        for (int n = 0; n < CASES; n++) {
            String args = randomArgs(random);
            Properties system = randomProperties(random);
            List<String> complaints = new ArrayList<>();
            AgentConfig config;
            try {
                config = AgentOptions.parse(args, system, complaints::add);
            } catch (Throwable t) {
                throw new AssertionError("case " + n + " threw; args=" + show(args) + " system="
                        + show(system.toString()), t);
            }
            int number = n;
            AgentConfig parsed = config;
            java.util.function.Supplier<String> where = () -> "case " + number + ": args="
                    + show(args) + " system=" + show(system.toString()) + " complaints=" + complaints
                    + " config=" + parsed;
            Expectation expected = Expectation.of(args, system);
            int excludeComplaints = expected.excludeItems - config.excludes().size();
            assertTrue(excludeComplaints >= 0, where);
            int reportComplaints = expected.reportGiven && config.report() == null ? 1 : 0;
            assertEquals(expected.complaints + excludeComplaints + reportComplaints, complaints.size(),
                    where);
            assertEquals(expected.policy, config.startPolicy(), where);
            assertEquals(expected.idleMs, config.idleMs(), where);
            assertEquals(expected.logRate, config.logRate(), where);
            assertEquals(expected.throwIdle, config.throwIdle(), where);
            assertEquals(expected.throwAwaiting, config.throwAwaiting(), where);
            assertEquals(expected.jfr, config.jfr(), where);
            assertEquals(expected.framing, config.framing(), where);
            assertEquals(expected.throwHarm, config.throwHarm(), where);
            for (String complaint : complaints) {
                AgentOptionsTest.assertOneVisibleLine(complaint);
            }
            complaintsSeen += complaints.size();
            if (complaints.isEmpty()) {
                casesWithout++;
            } else {
                casesWithComplaints++;
            }
        }
        System.out.printf("config fuzz: %d cases, %d without complaint, %d with, %d complaints%n",
                CASES, casesWithout, casesWithComplaints, complaintsSeen);
        // The generator must exercise both sides, or the test proves little.
        assertTrue(casesWithout > CASES / 10 && casesWithComplaints > CASES / 10,
                casesWithout + " accepted, " + casesWithComplaints + " with complaints");
        Set<String> lookups = PeerPatternTest.lookupCacheKeys();
        lookups.removeAll(lookupsBefore);
        assertEquals(Set.of(), lookups, "host names looked up while parsing");
    }

    @Test
    void fiftyThousandRandomExcludePatternsParseOrSayWhy() throws Exception {
        Random random = new Random(SEED + 1);
        Set<String> lookupsBefore = PeerPatternTest.lookupCacheKeys();
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < CASES; n++) {
            String text = randomPattern(random);
            PeerPattern pattern;
            try {
                pattern = PeerPattern.parse(text);
            } catch (PeerPattern.InvalidPatternException e) {
                rejected++;
                String reason = e.getMessage();
                assertTrue(reason != null && !reason.isEmpty(), show(text));
                AgentOptionsTest.assertOneVisibleLine(reason);
                continue;
            } catch (Throwable t) {
                throw new AssertionError("pattern " + show(text) + " threw", t);
            }
            accepted++;
            assertEquals(text.trim(), pattern.toString());
            try {
                pattern.matches(randomPattern(random), randomPattern(random), random.nextInt(70_000));
                pattern.matches(null, null, -1);
            } catch (Throwable t) {
                throw new AssertionError("matching against " + show(text) + " threw", t);
            }
        }
        System.out.printf("pattern fuzz: %d cases, %d accepted, %d rejected%n", CASES, accepted,
                rejected);
        assertTrue(accepted > CASES / 20 && rejected > CASES / 20, accepted + " / " + rejected);
        Set<String> lookups = PeerPatternTest.lookupCacheKeys();
        lookups.removeAll(lookupsBefore);
        assertEquals(Set.of(), lookups, "host names looked up while parsing or matching");
    }

    /** What the documented syntax says the parser must do with one input. */
    private static final class Expectation {
        int complaints;
        int excludeItems;
        boolean reportGiven;
        Policy policy = AgentOptions.DEFAULT_POLICY;
        long idleMs = AgentOptions.DEFAULT_IDLE_MS;
        long logRate = AgentOptions.DEFAULT_LOG_RATE;
        boolean throwIdle = true;
        boolean throwAwaiting = true;
        boolean jfr = true;
        boolean framing = true;
        Set<Harm> throwHarm = EnumSet.of(Harm.SILENT, Harm.UNKNOWN);

        static Expectation of(String args, Properties system) {
            Expectation e = new Expectation();
            Map<String, String> fromArgs = new HashMap<>();
            if (args != null && !args.isBlank()) {
                for (String part : args.split(",", -1)) {
                    String item = part.trim();
                    if (item.isEmpty()) {
                        continue;
                    }
                    int eq = item.indexOf('=');
                    if (eq <= 0) {
                        e.complaints++; // malformed
                        continue;
                    }
                    String key = item.substring(0, eq).trim();
                    if (key.startsWith("closenotify.")) {
                        key = key.substring("closenotify.".length());
                    }
                    if (!KEYS.contains(key)) {
                        e.complaints++; // unknown
                        continue;
                    }
                    fromArgs.put(key, item.substring(eq + 1));
                }
            }
            for (String name : system.stringPropertyNames()) {
                if (name.startsWith("closenotify.")) {
                    String key = name.substring("closenotify.".length());
                    if (!KEYS.contains(key) && !key.equals("active")) {
                        e.complaints++; // unknown
                    }
                }
            }
            // Policy: the argument is judged, then the property, each falling back to the last.
            String argPolicy = fromArgs.get("policy");
            if (argPolicy != null) {
                if (POLICIES.contains(argPolicy.trim())) {
                    e.policy = Policy.valueOf(argPolicy.trim().toUpperCase(java.util.Locale.ROOT));
                } else {
                    e.complaints++;
                }
            }
            String propPolicy = system.getProperty("closenotify.policy");
            if (propPolicy != null) {
                if (POLICIES.contains(propPolicy.trim())) {
                    e.policy = Policy.valueOf(propPolicy.trim().toUpperCase(java.util.Locale.ROOT));
                } else {
                    e.complaints++;
                }
            }
            e.idleMs = e.number(value("idle.ms", fromArgs, system), e.idleMs, 86_400_000L);
            e.logRate = e.number(value("log.rate", fromArgs, system), e.logRate, 1_000_000L);
            e.throwIdle = e.bool(value("throw.idle", fromArgs, system), e.throwIdle);
            e.throwAwaiting = e.bool(value("throw.awaiting", fromArgs, system), e.throwAwaiting);
            e.jfr = e.bool(value("jfr", fromArgs, system), e.jfr);
            e.framing = e.onOff(value("framing", fromArgs, system), e.framing);
            e.throwHarm = e.harms(value("throw.harm", fromArgs, system), e.throwHarm);
            String exclude = value("exclude", fromArgs, system);
            if (exclude != null) {
                for (String item : exclude.split("[,;]")) {
                    if (!item.isBlank()) {
                        e.excludeItems++;
                    }
                }
            }
            e.reportGiven = value("report", fromArgs, system) != null;
            return e;
        }

        private static String value(String key, Map<String, String> args, Properties system) {
            String property = system.getProperty("closenotify." + key);
            return property != null ? property : args.get(key);
        }

        private long number(String value, long fallback, long max) {
            if (value == null) {
                return fallback;
            }
            String trimmed = value.trim();
            boolean ascii = !trimmed.isEmpty();
            for (int i = 0; i < trimmed.length() && ascii; i++) {
                ascii = trimmed.charAt(i) >= '0' && trimmed.charAt(i) <= '9';
            }
            if (ascii && new BigInteger(trimmed).compareTo(BigInteger.valueOf(max)) <= 0) {
                return Long.parseLong(trimmed.replaceFirst("^0+(?=.)", ""));
            }
            complaints++;
            return fallback;
        }

        private boolean onOff(String value, boolean fallback) {
            if (value == null) {
                return fallback;
            }
            String trimmed = value.trim();
            if (trimmed.equals("on") || trimmed.equals("off")) {
                return trimmed.equals("on");
            }
            complaints++;
            return fallback;
        }

        private Set<Harm> harms(String value, Set<Harm> fallback) {
            if (value == null) {
                return fallback;
            }
            Set<Harm> harms = EnumSet.noneOf(Harm.class);
            boolean valid = !value.trim().isEmpty();
            for (String item : value.split("[,;]", -1)) {
                int index = HARMS.indexOf(item.trim());
                valid &= index >= 0;
                if (index >= 0) {
                    harms.add(Harm.values()[index]);
                }
            }
            if (valid) {
                return harms;
            }
            complaints++;
            return fallback;
        }

        private boolean bool(String value, boolean fallback) {
            if (value == null) {
                return fallback;
            }
            String trimmed = value.trim();
            if (trimmed.equals("true") || trimmed.equals("false")) {
                return Boolean.parseBoolean(trimmed);
            }
            complaints++;
            return fallback;
        }
    }

    // ---- generators -------------------------------------------------------------------------

    private static String randomArgs(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return null;
            case 1:
                return junk(random, random.nextInt(40));
            default:
                List<String> items = new ArrayList<>();
                int count = random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    String key = randomKey(random, true);
                    items.add(random.nextInt(12) == 0 ? junk(random, random.nextInt(10))
                            : key + (random.nextInt(15) == 0 ? "" : "=") + randomValue(random, key));
                }
                return String.join(random.nextInt(10) == 0 ? " , " : ",", items);
        }
    }

    private static Properties randomProperties(Random random) {
        Properties system = new Properties();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String key = random.nextInt(10) == 0 ? "other." + junk(random, 5)
                    : "closenotify." + randomKey(random, false);
            system.setProperty(key, randomValue(random, key));
        }
        return system;
    }

    private static String randomKey(Random random, boolean argument) {
        int pick = random.nextInt(20);
        String key = KEYS.get(random.nextInt(KEYS.size()));
        if (pick < 13) {
            return key;
        }
        switch (pick) {
            case 13:
                return argument ? "closenotify." + key : key.toUpperCase(java.util.Locale.ROOT);
            case 14:
                return " " + key + " ";
            case 15:
                return Character.toUpperCase(key.charAt(0)) + key.substring(1);
            case 16:
                return "active";
            case 17:
                return "";
            default:
                return junk(random, 1 + random.nextInt(8));
        }
    }

    /** Half the time a valid value for the key, else anything. */
    private static String randomValue(Random random, String key) {
        if (random.nextBoolean()) {
            switch (key.replaceFirst("^closenotify\\.", "").trim()) {
                case "policy":
                    return List.of("off", "count", "log", "throw").get(random.nextInt(4));
                case "idle.ms":
                    return Integer.toString(random.nextInt(86_400_001));
                case "log.rate":
                    return Integer.toString(random.nextInt(1_000_001));
                case "throw.idle":
                case "throw.awaiting":
                case "jfr":
                    return Boolean.toString(random.nextBoolean());
                case "framing":
                    return random.nextBoolean() ? "on" : " off";
                case "throw.harm":
                    return harmList(random);
                case "exclude":
                    return List.of("10.0.0.0/8", "*.example.com:443", "[fd00::/8]:443", "::1",
                            "localhost").get(random.nextInt(5));
                case "report":
                    return System.getProperty("java.io.tmpdir") + "/fuzz-report.json";
                default:
                    break;
            }
        }
        switch (random.nextInt(16)) {
            case 0:
                return "";
            case 1:
                return List.of("off", "count", "log", "throw").get(random.nextInt(4));
            case 2:
                return List.of("OFF", "Count", " log ", "thro", "log\u00a0", "\uff4c\uff4f\uff47")
                        .get(random.nextInt(6));
            case 3:
                return Long.toString(random.nextInt(3_000_000));
            case 4:
                return List.of("-1", "+5", "1.5", "1e3", "0x10", "00000000000000000000042",
                        "99999999999999999999999", "\uff12\uff10", "\u0662\u0660", " 7 ", "2s")
                        .get(random.nextInt(11));
            case 5:
                return List.of("true", "false", " true", "TRUE", "False", "yes", "1", "tru\u0435",
                        "on", "off", " on ", "ON", "silent", "none;detected", "silent,,unknown")
                        .get(random.nextInt(15));
            case 6:
            case 7:
                return randomPattern(random) + (random.nextBoolean() ? ";" + randomPattern(random)
                        : "");
            case 8:
                return System.getProperty("java.io.tmpdir") + "/fuzz-" + random.nextInt(100) + ".json";
            case 9:
                return "/no-such-dir-" + random.nextInt(100) + "/r.json";
            case 10:
                return random.nextInt(50) == 0 ? "x".repeat(10_000 + random.nextInt(10_000))
                        : junk(random, 100 + random.nextInt(300));
            default:
                return junk(random, random.nextInt(20));
        }
    }

    /** One to four harm ids, blanks around some, separated by ';' (',' also in a property). */
    private static String harmList(Random random) {
        StringBuilder list = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : random.nextInt(4) == 0 ? " , " : ";")
                    .append(random.nextInt(5) == 0 ? " " : "")
                    .append(HARMS.get(random.nextInt(HARMS.size())));
        }
        // Sometimes one near miss: the only wrong item in an otherwise valid list.
        if (random.nextInt(6) == 0) {
            list.append(';').append(List.of("Silent", "", "harmless", "silent\u00a0", "unknow")
                    .get(random.nextInt(5)));
        }
        return list.toString();
    }

    /** Mostly pattern-like text (addresses, CIDRs, globs, ports, brackets), sometimes junk. */
    private static String randomPattern(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return (random.nextInt(256)) + "." + random.nextInt(300) + "." + random.nextInt(256)
                        + "." + random.nextInt(256) + (random.nextBoolean() ? "/" + random.nextInt(40)
                        : "") + (random.nextBoolean() ? ":" + random.nextInt(70_000) : "");
            case 1:
                return (random.nextBoolean() ? "[" : "") + Integer.toHexString(random.nextInt(0x10000))
                        + "::" + Integer.toHexString(random.nextInt(0x10000))
                        + (random.nextBoolean() ? "/" + random.nextInt(140) : "")
                        + (random.nextBoolean() ? "]:" + random.nextInt(70_000) : "");
            case 2:
                return "*." + junk(random, 1 + random.nextInt(6)).replaceAll("[^a-z]", "a")
                        + ".example" + (random.nextBoolean() ? ":" + random.nextInt(70_000) : "");
            case 3:
                return junk(random, random.nextInt(6));
            default:
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(24);
                for (int i = 0; i < length; i++) {
                    text.append(random.nextInt(12) == 0 ? UNICODE[random.nextInt(UNICODE.length)]
                            : PATTERN_ALPHABET.charAt(random.nextInt(PATTERN_ALPHABET.length())));
                }
                return text.toString();
        }
    }

    /** Any characters: ASCII, the separators, awkward code points, random BMP. */
    private static String junk(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 5) {
                text.append(",;=:/[] ".charAt(random.nextInt(8)));
            } else if (pick < 8) {
                text.append(UNICODE[random.nextInt(UNICODE.length)]);
            } else {
                text.append((char) random.nextInt(0x10000));
            }
        }
        return text.toString();
    }

    private static String show(String text) {
        if (text == null) {
            return "null";
        }
        String shown = Text.printable(text);
        return "'" + shown + "'";
    }
}
