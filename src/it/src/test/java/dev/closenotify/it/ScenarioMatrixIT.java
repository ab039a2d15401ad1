package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
        assertEquals(32, withoutAgent.runs().size(), result.stdout());
        assertTrue(result.stderr().isEmpty(), result.stderr());
    }

    private static ChildJvm.Result runDemo(String policy) {
        return ChildJvm.demo("--format", "lines").agent("policy=" + policy).run()
                .assertExitedNormally();
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
        List<String> events = result.stderrLinesStartingWith(EVENT_LINE);
        assertEquals(Expected.EVENTS_TRUNCATED, count(events, "kind=truncated "), result.stderr());
        assertEquals(Expected.EVENTS_HANDSHAKE_EOF, count(events, "kind=handshake-eof "));
        assertEquals(Expected.EVENTS_AFTER_LOCAL_CLOSE, count(events, "kind=after-local-close "));
        assertEquals(Expected.EVENTS_TRUNCATED + Expected.EVENTS_HANDSHAKE_EOF
                + Expected.EVENTS_AFTER_LOCAL_CLOSE, events.size());
        for (String line : events) {
            assertTrue(line.matches(".*kind=\\S+ exchange=(idle|awaiting|mid-stream) peer=\\S+:\\d+ .*role=client"
                    + " protocol=\\S+ cipher=\\S+ transport=(socket|engine) midRecord=(true|false|unknown)"
                    + " bytesIn=\\d+ bytesOut=\\d+ quietMs=\\d+ ageMs=\\d+.* callSite=dev\\.closenotify"
                    + "\\.demo\\.(SocketClient|EngineClient)\\.\\w+\\(\\w+\\.java:\\d+\\)"), line);
        }
        for (String line : events) {
            if (line.contains("kind=truncated ")) {
                assertTrue(line.contains("protocol=TLSv1.") && line.contains("cipher=TLS_"), line);
            }
        }
        assertSameApplicationView(lines, false);
    }

    @Test
    void throwFailsTruncatedSocketReadsAndNothingElse() {
        ChildJvm.Result result = runDemo("throw");
        DemoLines lines = new DemoLines(result.stdout());
        assertAgentColumn(lines, true);
        lines.assertCounters(Expected.EVENTS_TRUNCATED, Expected.EVENTS_HANDSHAKE_EOF,
                Expected.EVENTS_AFTER_LOCAL_CLOSE, Expected.SOCKET_TRUNCATIONS);
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

    /** The agent column of every run matches the ground truth. */
    private static void assertAgentColumn(DemoLines lines, boolean throwPolicy) {
        assertEquals(withoutAgent.runs().keySet(), lines.runs().keySet());
        for (DemoLines.Run run : lines.runs().values()) {
            String expected = Expected.kind(run);
            if (throwPolicy && Expected.agentThrows(run)) {
                expected += "+thrown";
            }
            assertEquals(expected, run.agent(), run.key());
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
