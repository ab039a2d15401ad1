package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the demo's {@code --format lines} output. */
public final class DemoLines {

    /** One RESULT line: the fields in order; {@code message} is last and may contain spaces. */
    public record Run(String scenario, String transport, String tls, long bytes, String end,
            String exception, String agent, String harm, String message) {

        public String key() {
            return scenario + "/" + transport + "/" + tls;
        }

        /** Everything the application saw, nothing the agent reported (neither agent nor harm). */
        public String appView() {
            return bytes + " " + end + " " + exception + " " + message;
        }
    }

    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, String> counters = new LinkedHashMap<>();
    private final boolean countersAbsent;

    public DemoLines(String stdout) {
        boolean absent = false;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("RESULT ")) {
                Run run = parseRun(line);
                runs.put(run.key(), run);
            } else if (line.equals("COUNTERS absent")) {
                absent = true;
            } else if (line.startsWith("COUNTERS ")) {
                for (String pair : line.substring("COUNTERS ".length()).split(" ")) {
                    int eq = pair.indexOf('=');
                    counters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        countersAbsent = absent;
        assertTrue(absent || !counters.isEmpty(), "no COUNTERS line in:\n" + stdout);
    }

    private static Run parseRun(String line) {
        String body = line.substring("RESULT ".length());
        int message = body.indexOf(" message=");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.substring(0, message).split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Run(fields.get("scenario"), fields.get("transport"), fields.get("tls"),
                Long.parseLong(fields.get("bytes")), fields.get("end"), fields.get("exception"),
                fields.get("agent"), fields.get("harm"), body.substring(message + " message=".length()));
    }

    public Map<String, Run> runs() {
        return runs;
    }

    public Run run(String scenario, String transport, String tls) {
        Run run = runs.get(scenario + "/" + transport + "/" + tls);
        assertTrue(run != null, "no run " + scenario + "/" + transport + "/" + tls + " in " + runs.keySet());
        return run;
    }

    public boolean countersAbsent() {
        return countersAbsent;
    }

    public long counter(String name) {
        assertTrue(!countersAbsent, "the agent's MBean was absent");
        String value = counters.get(name);
        assertTrue(value != null, "no " + name + " in COUNTERS " + counters);
        return Long.parseLong(value);
    }

    public String policy() {
        return counters.get("Policy");
    }

    public void assertCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown) {
        assertEquals(List.of(truncations, handshakeEofs, afterLocalClose, thrown),
                List.of(counter("Truncations"), counter("HandshakeEofs"), counter("AfterLocalClose"),
                        counter("Thrown")), "Truncations, HandshakeEofs, AfterLocalClose, Thrown");
    }

    /** The MBean's split of Truncations by harm verdict, as the COUNTERS line shows it. */
    public void assertHarmCounters(long silent, long detected, long harmless, long unknown) {
        assertEquals(List.of(silent, detected, harmless, unknown),
                List.of(counter("SilentTruncations"), counter("DetectedTruncations"),
                        counter("HarmlessTruncations"), counter("UnknownHarmTruncations")),
                "SilentTruncations, DetectedTruncations, HarmlessTruncations, UnknownHarmTruncations");
        assertEquals(counter("Truncations"), silent + detected + harmless + unknown,
                "the four harm counters split Truncations");
    }
}
