package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Harm;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    private final List<String> complaints = new ArrayList<>();

    private Policy parse(String args, String... keyValues) {
        Properties system = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            system.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return config(args, keyValues).startPolicy();
    }

    private AgentConfig config(String args, String... keyValues) {
        Properties system = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            system.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return AgentOptions.parse(args, system, complaints::add);
    }

    @Test
    void defaultsForEveryOtherKey() {
        AgentConfig config = config(null);
        assertEquals(2000, config.idleMs());
        assertTrue(config.throwIdle());
        assertEquals(20, config.logRate());
        assertTrue(config.jfr());
        assertEquals(List.of(), config.excludes());
        assertEquals(null, config.report());
        assertEquals(EnumSet.of(Harm.SILENT, Harm.UNKNOWN), config.throwHarm());
        assertTrue(config.framing());
        assertEquals(List.of(), complaints);
    }

    @Test
    void throwHarmIsAListWithBlanksAroundItemsFromEitherSource() {
        assertEquals(EnumSet.of(Harm.NONE, Harm.DETECTED), config("throw.harm= none ; detected")
                .throwHarm());
        assertEquals(EnumSet.of(Harm.SILENT), config(null, "closenotify.throw.harm", " silent ")
                .throwHarm());
        assertEquals(EnumSet.allOf(Harm.class), config(null, "closenotify.throw.harm",
                "unknown,\tsilent ;detected,none,silent").throwHarm());
        assertEquals(EnumSet.of(Harm.DETECTED), config("throw.harm=none",
                "closenotify.throw.harm", "detected").throwHarm(), "the property wins");
        assertEquals(List.of(), complaints);
    }

    @Test
    void throwHarmCannotBeChangedThroughTheConfig() {
        Set<Harm> harms = EnumSet.of(Harm.SILENT);
        AgentConfig config = new AgentConfig(Policy.THROW, 1, true, true, harms, List.of(), 1,
                true, false, null);
        harms.add(Harm.NONE);
        assertEquals(Set.of(Harm.SILENT), config.throwHarm());
        assertThrows(UnsupportedOperationException.class, () -> config.throwHarm().add(Harm.NONE));
        assertEquals(false, config.framing());
    }

    @Test
    void framingIsOnOrOff() {
        assertEquals(false, config("framing=off").framing());
        assertEquals(true, config("framing=off", "closenotify.framing", " on ").framing());
        assertEquals(false, config(null, "closenotify.framing", "off").framing());
        assertEquals(List.of(), complaints);
    }

    @Test
    void everyFieldTakesPartInEqualsHashCodeAndToString() {
        AgentConfig base = config(null);
        List<AgentConfig> others = List.of(config("framing=off"), config("throw.harm=silent"),
                config("jfr=false"), config("throw.awaiting=false"), config("policy=throw"));
        for (AgentConfig other : others) {
            assertTrue(!base.equals(other), other.toString());
            assertTrue(base.hashCode() != other.hashCode(), other.toString());
            assertTrue(!base.toString().equals(other.toString()), other.toString());
        }
        assertEquals(base, config(null, "closenotify.throw.harm", "unknown;silent"));
        assertEquals(base.hashCode(), config("throw.harm=silent;unknown").hashCode());
        assertTrue(base.toString().contains(", throwHarm=[SILENT, UNKNOWN], "), base.toString());
        assertTrue(base.toString().contains(", framing=true, "), base.toString());
    }

    @Test
    void readsEveryKeyFromPropertiesAndArguments() {
        AgentConfig config = config("idle.ms=150,throw.idle=false,log.rate=5,jfr=false,"
                + "exclude=*.a.test;10.0.0.0/8", "closenotify.report",
                System.getProperty("java.io.tmpdir") + "/r.json");
        assertEquals(150, config.idleMs());
        assertEquals(false, config.throwIdle());
        assertEquals(5, config.logRate());
        assertEquals(false, config.jfr());
        assertEquals(2, config.excludes().size());
        assertTrue(config.excluded("x.a.test", null, 1));
        assertTrue(config.excluded(null, "10.9.9.9", 1));
        assertTrue(config.report().isAbsolute());
        assertEquals(List.of(), complaints);
    }

    /** "A whole number from 0 to N" includes one written with leading zeros. */
    @Test
    void zeroPaddedNumbersAreWholeNumbers() {
        AgentConfig config = config("idle.ms=" + "0".repeat(30) + "2500", "closenotify.log.rate",
                " 0000000000000000000 ");
        assertEquals(2500, config.idleMs());
        assertEquals(0, config.logRate());
        assertEquals(List.of(), complaints);
    }

    @Test
    void badValuesOfEveryKeyAreNamedWithTheirFallback() {
        AgentConfig config = config(null, "closenotify.idle.ms", "-5", "closenotify.throw.idle", "yes",
                "closenotify.log.rate", "99999999999999", "closenotify.jfr", "TRUE",
                "closenotify.exclude", "10.0.0.0/33,ok.test,host:99999",
                "closenotify.report", "/no/such/dir/report.json", "closenotify.active", "x",
                "closenotify.throw.harm", "silent,loud", "closenotify.framing", "ON");
        assertEquals(2000, config.idleMs());
        assertTrue(config.throwIdle());
        assertEquals(20, config.logRate());
        assertTrue(config.jfr());
        assertEquals(1, config.excludes().size());
        assertEquals(null, config.report());
        assertTrue(complaints.contains("invalid value '-5' for closenotify.idle.ms (expected a whole"
                + " number from 0 to 86400000); using '2000'"), complaints.toString());
        assertTrue(complaints.contains("invalid value 'yes' for closenotify.throw.idle (expected"
                + " true|false); using 'true'"), complaints.toString());
        assertTrue(complaints.contains("invalid value 'TRUE' for closenotify.jfr (expected"
                + " true|false); using 'true'"), complaints.toString());
        assertEquals(EnumSet.of(Harm.SILENT, Harm.UNKNOWN), config.throwHarm());
        assertTrue(config.framing());
        assertTrue(complaints.contains("invalid value 'silent,loud' for closenotify.throw.harm"
                + " (expected one or more of none,detected,silent,unknown, separated by ',' or ';');"
                + " using 'silent,unknown'"), complaints.toString());
        assertTrue(complaints.contains("invalid value 'ON' for closenotify.framing (expected"
                + " on|off); using 'on'"), complaints.toString());
        assertTrue(complaints.contains("invalid pattern '10.0.0.0/33' in closenotify.exclude (prefix"
                + " length /33 is longer than the 32 bits of the address); ignored"),
                complaints.toString());
        assertTrue(complaints.contains("invalid pattern 'host:99999' in closenotify.exclude (port"
                + " 99999 is out of range 1-65535); ignored"), complaints.toString());
        assertTrue(complaints.stream().anyMatch(c -> c.startsWith("cannot write closenotify.report="
                + "'/no/such/dir/report.json' (directory /no/such/dir is missing or not writable)")),
                complaints.toString());
        assertEquals(9, complaints.size(), complaints.toString());
    }

    @Test
    void defaultsToLogWithoutComplaint() {
        assertEquals(Policy.LOG, parse(null));
        assertEquals(Policy.LOG, parse(""));
        assertEquals(List.of(), complaints);
    }

    @Test
    void readsEveryPolicyFromAgentArgumentAndProperty() {
        for (Policy policy : Policy.values()) {
            assertEquals(policy, parse("policy=" + policy.id()));
            assertEquals(policy, parse(null, "closenotify.policy", policy.id()));
        }
        assertEquals(List.of(), complaints);
    }

    @Test
    void systemPropertyWinsOverAgentArgument() {
        assertEquals(Policy.COUNT, parse("policy=throw", "closenotify.policy", "count"));
    }

    @Test
    void acceptsPrefixedAgentArgumentAndBlanks() {
        assertEquals(Policy.THROW, parse(" closenotify.policy = throw ,"));
        assertEquals(List.of(), complaints);
    }

    @Test
    void invalidValueIsReportedOnceWithTheDocumentedFallback() {
        assertEquals(Policy.LOG, parse(null, "closenotify.policy", "thorw"));
        assertEquals(List.of("invalid value 'thorw' for closenotify.policy (expected "
                + "off|count|log|throw); using 'log'"), complaints);
    }

    @Test
    void invalidPropertyFallsBackToTheAgentArgument() {
        assertEquals(Policy.COUNT, parse("policy=count", "closenotify.policy", "LOG"));
        assertEquals(1, complaints.size());
        assertTrue(complaints.get(0).contains("'LOG'") && complaints.get(0).endsWith("using 'count'"),
                complaints.get(0));
    }

    @Test
    void unknownAndMalformedInputsAreNamed() {
        assertEquals(Policy.THROW, parse("polcy=count,junk,policy=throw", "closenotify.plicy", "x",
                "other.key", "ignored"));
        assertEquals(3, complaints.size(), complaints.toString());
        assertTrue(complaints.contains("unknown agent argument 'polcy' (known: policy, idle.ms,"
                + " throw.idle, throw.awaiting, throw.harm, exclude, log.rate, jfr, framing, report); ignored"), complaints.toString());
        assertTrue(complaints.contains(
                "malformed agent argument 'junk' (expected key=value, e.g. policy=log); ignored"));
        assertTrue(complaints.contains("unknown property closenotify.plicy (known: closenotify.policy,"
                + " closenotify.idle.ms, closenotify.throw.idle, closenotify.throw.awaiting,"
                + " closenotify.throw.harm, closenotify.exclude,"
                + " closenotify.log.rate, closenotify.jfr, closenotify.framing,"
                + " closenotify.report); ignored"),
                complaints.toString());
    }

    @Test
    void emptyValueIsInvalidNotAbsent() {
        assertEquals(Policy.LOG, parse("policy="));
        assertEquals(1, complaints.size());
        assertTrue(complaints.get(0).startsWith("invalid value '' for agent argument policy"));
    }

    /**
     * Every complaint is one line of visible text whatever the input: no line breaks (including
     * U+0085, U+2028, U+2029), no C0/C1 controls (terminal escapes), no invisible format
     * characters (bidi overrides), no lone surrogates, and bounded length; user text appears
     * escaped as {@code \\uXXXX}.
     */
    @Test
    void everyComplaintIsOneVisibleBoundedLine() {
        String nasty = "a\nb\rc\u0085d\u2028e\u2029f\u009b[31mg\u202eh\u200bi\ud800j" + "k".repeat(5000);
        config("policy=" + nasty + ",idle.ms=" + nasty + ",exclude=host:" + nasty + ";" + nasty
                + "/8;[" + nasty + "]:1," + nasty + "=1," + nasty,
                "closenotify." + nasty, "x",
                "closenotify.throw.idle", nasty, "closenotify.log.rate", nasty,
                "closenotify.jfr", nasty, "closenotify.report", "/tmp/" + nasty + "/r.json",
                "closenotify.throw.harm", nasty, "closenotify.framing", nasty);
        assertEquals(14, complaints.size(), complaints.toString());
        for (String complaint : complaints) {
            assertOneVisibleLine(complaint);
        }
        assertTrue(complaints.stream().anyMatch(c -> c.contains("a\\u000ab\\u000dc\\u0085d\\u2028e"
                + "\\u2029f\\u009b[31mg\\u202eh\\u200bi\\ud800j")), complaints.toString());
    }

    /**
     * A report value that trims to nothing (a control character: trim() strips it, isBlank()
     * does not) once resolved to the working directory, and a directory as the target was only
     * found out at exit, when the rename failed. Both are now refused at start-up.
     */
    @Test
    void reportPathThatIsNoFileIsRefusedAtStartup() {
        String dir = System.getProperty("java.io.tmpdir");
        for (String value : List.of("\u0001", " \t ", dir, dir + "/.")) {
            complaints.clear();
            AgentConfig config = config(null, "closenotify.report", value);
            assertEquals(null, config.report(), value);
            assertEquals(1, complaints.size(), complaints.toString());
            assertTrue(complaints.get(0).endsWith("; no report will be written"), complaints.get(0));
        }
    }

    static void assertOneVisibleLine(String message) {
        assertTrue(message.length() < 600, message.length() + ": " + message);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            int type = Character.getType(c);
            boolean pairedSurrogate = Character.isSurrogate(c)
                    && (Character.isHighSurrogate(c) ? i + 1 < message.length()
                            && Character.isLowSurrogate(message.charAt(i + 1))
                            : i > 0 && Character.isHighSurrogate(message.charAt(i - 1)));
            int at = i;
            assertTrue(!Character.isISOControl(c) && type != Character.LINE_SEPARATOR
                    && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
                    && (!Character.isSurrogate(c) || pairedSurrogate),
                    () -> String.format("U+%04X at %d in: %s", (int) c, at, message));
        }
    }

    /**
     * Every key, given as a system property and as an agent argument, with each kind of bad value:
     * exactly one message, naming where the value came from, and the documented fallback.
     */
    @Test
    void everyKeyWithEachKindOfBadValueGetsOneMessageAndItsFallback() {
        String huge = "9".repeat(100_000);
        String missingDir = "/no-such-dir-" + System.nanoTime();
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("policy", List.of("", "LOG", "Throw", "loud", huge, "l\u00f6g", "\uff4c\uff4f\uff47",
                "log,count"));
        bad.put("idle.ms", List.of("", "2000MS", "2s", "-1", "+5", "1.5", "1e3", huge, "86400001",
                "\uff12\uff10\uff10\uff10", "\u0662\u0660\u0660\u0660", "0x10"));
        bad.put("log.rate", List.of("", "Twenty", "-20", huge, "1000001", "\uff12\uff10", "20/min"));
        bad.put("throw.idle", List.of("", "TRUE", "False", "yes", "1", huge, "\uff54\uff52\uff55\uff45",
                "tru\u0435"));
        bad.put("throw.awaiting", List.of("", "TRUE", "no", "0", huge, "f\u0430lse"));
        bad.put("jfr", List.of("", "FALSE", "off", "0", huge, "fals\u0435"));
        bad.put("throw.harm", List.of("", "  ", "Silent", "SILENT", "silent;", ";", "silent;;unknown",
                "silent,", "silent unknown", "loud", "harmless", "sil\u0435nt", "\uff53ilent", huge,
                "none;bogus", "true"));
        bad.put("framing", List.of("", "ON", "Off", "true", "false", "1", "of", huge, "o\u0578"));
        bad.put("exclude", List.of("10.0.0.0/33", "10.0.0.0/-1", "fd00::/129", "300.0.0.0/8",
                "host:0", "host:65536", "host:99999999", ":443", "[::1]:0", "[::1", "[::1]x",
                "10.0.0.0/8:HTTPS", "ex\u00e4mple.com", "bad host", "a".repeat(100_000), "*/8",
                "\u202e.example.com"));
        bad.put("report", List.of("", "   ", "\u0001", missingDir + "/r.json", missingDir.toUpperCase()
                + "/r.json", System.getProperty("java.io.tmpdir"), "/tmp/\u0000/r.json",
                "/tmp/" + huge + "/r.json"));
        AgentConfig defaults = config(null);
        for (Map.Entry<String, List<String>> entry : bad.entrySet()) {
            String key = entry.getKey();
            for (String value : entry.getValue()) {
                for (boolean asProperty : new boolean[] {true, false}) {
                    if (!asProperty && (value.contains(",") || key.equals("report") && value.contains("\u0000"))) {
                        continue; // ',' separates agent arguments; covered as a property.
                    }
                    complaints.clear();
                    AgentConfig config = asProperty ? config(null, "closenotify." + key, value)
                            : config(key + "=" + value);
                    String what = key + "='" + value.substring(0, Math.min(40, value.length()))
                            + "' as " + (asProperty ? "property" : "argument");
                    assertEquals(1, complaints.size(), what + ": " + complaints);
                    String input = asProperty ? "closenotify." + key : "agent argument " + key;
                    assertTrue(complaints.get(0).contains(input), what + ": " + complaints.get(0));
                    assertOneVisibleLine(complaints.get(0));
                    assertEquals(defaults, config, what + ": the documented fallback");
                }
            }
        }
        // Wrong case in a key is an unknown key, said once and ignored.
        complaints.clear();
        assertEquals(defaults, config("POLICY=count", "closenotify.Policy", "count", "closenotify.LOG.RATE",
                "5"));
        assertEquals(3, complaints.size(), complaints.toString());
        // An empty exclude list is a list with nothing in it, not a mistake.
        complaints.clear();
        assertEquals(defaults, config("exclude=", "closenotify.exclude", " ; , "));
        assertEquals(List.of(), complaints);
    }

    @Test
    void controlCharactersAndHugeValuesAreShownSafely() {
        parse(null, "closenotify.policy", "a\nb" + "x".repeat(500));
        String message = complaints.get(0);
        assertTrue(message.contains("a\\u000ab"), message);
        assertTrue(message.contains("(503 chars)"), message);
        assertTrue(message.length() < 250, message);
    }
}
