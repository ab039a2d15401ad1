package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every demo scenario, socket and engine, TLS 1.2 and 1.3, under each policy, in a child JVM with
 * the built agent jar: exact agent report per run, exact counters, and the application-visible
 * outcome compared with a run without the agent. If a hook silently did not apply, the truncated
 * rows say "none" and these tests fail.
 */
class ScenarioMatrixIT {

    private static final String EVENT_LINE = "closenotify: TLS peer closed without close_notify: ";

    private static DemoLines withoutAgent;

    @BeforeAll
    static void baseline() {
        ChildJvm.Result result = ChildJvm.demo("--format", "lines").run().assertExitedNormally();
        withoutAgent = new DemoLines(result.stdout());
        assertTrue(withoutAgent.countersAbsent());
        assertEquals(Expected.RUNS, withoutAgent.runs().size(), result.stdout());
        assertTrue(result.stderr().isEmpty(), result.stderr());
        // The constants are what the per-run truth adds up to, so neither can drift alone.
        assertEquals(Expected.EVENTS_TRUNCATED, countRuns(r -> Expected.kind(r).equals("truncated")));
        assertEquals(Expected.EVENTS_HANDSHAKE_EOF, countRuns(r -> Expected.kind(r).equals("handshake-eof")));
        assertEquals(Expected.EVENTS_AFTER_LOCAL_CLOSE,
                countRuns(r -> Expected.kind(r).equals("after-local-close")));
        assertEquals(List.of((long) Expected.SILENT, (long) Expected.DETECTED, (long) Expected.HARMLESS,
                (long) Expected.UNKNOWN_HARM), List.of(countRuns(r -> Expected.harm(r).equals("silent")),
                countRuns(r -> Expected.harm(r).equals("detected")), countRuns(r -> Expected.harm(r).equals("none")),
                countRuns(r -> Expected.harm(r).equals("unknown"))));
        assertEquals(Expected.THROWN_UNDER_THROW, countRuns(Expected::agentThrows));
    }

    private static long countRuns(Predicate<DemoLines.Run> which) {
        return withoutAgent.runs().values().stream().filter(which).count();
    }

    private static ChildJvm.Result runDemo(String policy) {
        // The matrix has more events than the default rate of lines per minute.
        return ChildJvm.demo("--format", "lines").agent("policy=" + policy)
                .property("closenotify.log.rate", "1000").run().assertExitedNormally();
    }

    @Test
    void offInstallsNothingAndChangesNothing() {
        ChildJvm.Result result = runDemo("off");
        DemoLines lines = new DemoLines(result.stdout());
        assertTrue(lines.countersAbsent(), "policy=off must not register the MBean");
        assertEquals(List.of(), result.stderrLinesStartingWith("closenotify:"));
        assertSameApplicationView(lines, false);
    }

    @Test
    void countCountsEveryEventExactlyAndLogsNothing() {
        ChildJvm.Result result = runDemo("count");
        DemoLines lines = new DemoLines(result.stdout());
        assertAgentColumn(lines, false);
        lines.assertCounters(Expected.EVENTS_TRUNCATED, Expected.EVENTS_HANDSHAKE_EOF,
                Expected.EVENTS_AFTER_LOCAL_CLOSE, 0);
        lines.assertHarmCounters(Expected.SILENT, Expected.DETECTED, Expected.HARMLESS, Expected.UNKNOWN_HARM);
        assertEquals("count", lines.policy());
        assertEquals(List.of(), result.stderrLinesStartingWith(EVENT_LINE), result.stderr());
        assertSameApplicationView(lines, false);
    }

    @Test
    void logWritesOneLinePerEventToStderrWithoutSlf4j() {
        ChildJvm.Result result = runDemo("log");
        DemoLines lines = new DemoLines(result.stdout());
        assertAgentColumn(lines, false);
        lines.assertCounters(Expected.EVENTS_TRUNCATED, Expected.EVENTS_HANDSHAKE_EOF,
                Expected.EVENTS_AFTER_LOCAL_CLOSE, 0);
        lines.assertHarmCounters(Expected.SILENT, Expected.DETECTED, Expected.HARMLESS, Expected.UNKNOWN_HARM);
        List<String> events = result.stderrLinesStartingWith(EVENT_LINE);
        assertEquals(Expected.EVENTS_TRUNCATED, count(events, "kind=truncated "), result.stderr());
        assertEquals(Expected.EVENTS_HANDSHAKE_EOF, count(events, "kind=handshake-eof "));
        assertEquals(Expected.EVENTS_AFTER_LOCAL_CLOSE, count(events, "kind=after-local-close "));
        assertEquals(Expected.EVENTS, events.size());
        for (String line : events) {
            assertTrue(line.matches(".*kind=\\S+ exchange=(idle|awaiting|mid-stream)"
                    + " harm=(none|detected|silent|unknown) framing=(content-length|chunked|close-delimited"
                    + "|no-body|between-messages|headers|h2|unknown) peer=\\S+:\\d+ .*role=client"
                    + " protocol=\\S+ cipher=\\S+ transport=(socket|engine) stack=jsse-(socket|engine)"
                    + " midRecord=(true|false|unknown)"
                    + " bytesIn=\\d+ bytesOut=\\d+ quietMs=\\d+ ageMs=\\d+.* callSite=dev\\.closenotify"
                    + "\\.demo\\.(SocketClient|EngineClient)\\.\\w+\\(\\w+\\.java:\\d+\\)"), line);
        }
        for (String line : events) {
            if (line.contains("kind=truncated ")) {
                assertTrue(line.contains("protocol=TLSv1.") && line.contains("cipher=TLS_"), line);
            }
        }
        // Lines name no run, so compare the multiset of verdicts of the truncations.
        Map<String, Long> expectedVerdicts = withoutAgent.runs().values().stream()
                .filter(r -> Expected.kind(r).equals("truncated"))
                .collect(Collectors.groupingBy(r -> "harm=" + Expected.harm(r) + " framing=" + Expected.framing(r),
                        TreeMap::new, Collectors.counting()));
        Map<String, Long> loggedVerdicts = events.stream().filter(l -> l.contains("kind=truncated "))
                .map(l -> l.replaceAll(".* (harm=\\S+ framing=\\S+) .*", "$1"))
                .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
        assertEquals(expectedVerdicts, loggedVerdicts, result.stderr());
        assertSameApplicationView(lines, false);
    }

    @Test
    void throwFailsSilentAndUnknownSocketTruncationsAndNothingElse() {
        ChildJvm.Result result = runDemo("throw");
        DemoLines lines = new DemoLines(result.stdout());
        assertAgentColumn(lines, true);
        lines.assertCounters(Expected.EVENTS_TRUNCATED, Expected.EVENTS_HANDSHAKE_EOF,
                Expected.EVENTS_AFTER_LOCAL_CLOSE, Expected.THROWN_UNDER_THROW);
        lines.assertHarmCounters(Expected.SILENT, Expected.DETECTED, Expected.HARMLESS, Expected.UNKNOWN_HARM);
        for (DemoLines.Run run : lines.runs().values()) {
            if (Expected.agentThrows(run)) {
                assertEquals("exception", run.end(), run.toString());
                assertEquals("SSLProtocolException", run.exception(), run.toString());
                assertTrue(run.message().contains("close_notify")
                        && run.message().matches("TLS peer 127\\.0\\.0\\.1:\\d+ closed .*"), run.message());
                assertEquals(withoutAgent.run(run.scenario(), run.transport(), run.tls()).bytes(),
                        run.bytes(), "the bytes before the cut are still delivered");
            }
        }
        assertSameApplicationView(lines, true);
    }

    /** The agent and harm columns of every run match the ground truth. */
    private static void assertAgentColumn(DemoLines lines, boolean throwPolicy) {
        assertEquals(withoutAgent.runs().keySet(), lines.runs().keySet());
        for (DemoLines.Run run : lines.runs().values()) {
            String expected = Expected.kind(run);
            if (throwPolicy && Expected.agentThrows(run)) {
                expected += "+thrown";
            }
            assertEquals(expected, run.agent(), run.key());
            assertEquals(Expected.harm(run), run.harm(), run.key());
        }
    }

    /**
     * The application saw exactly what it sees without the agent; under throw, except the runs
     * the agent deliberately fails.
     */
    private static void assertSameApplicationView(DemoLines lines, boolean throwPolicy) {
        for (Map.Entry<String, DemoLines.Run> entry : withoutAgent.runs().entrySet()) {
            DemoLines.Run with = lines.runs().get(entry.getKey());
            if (throwPolicy && Expected.agentThrows(with)) {
                continue;
            }
            assertEquals(entry.getValue().appView(), with.appView(), entry.getKey());
        }
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }
}
