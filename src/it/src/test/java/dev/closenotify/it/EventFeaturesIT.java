package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchange state, throw.idle, exclusions, the log rate limit, the JFR event and the JSON report,
 * each in a child JVM with the built agent and real TLS on loopback.
 */
class EventFeaturesIT {

    private static final String EVENT = "closenotify: TLS peer closed without close_notify: ";
    private static final String[] TRUNCATE_BOTH = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket,engine", "--tls", "1.3"
    };

    @TempDir
    Path temp;

    @Test
    void dataArrivingWhenTheCutCameIsMidStream() {
        ChildJvm.Result result = ChildJvm.demo(TRUNCATE_BOTH).agent().run().assertExitedNormally();
        List<String> events = result.stderrLinesStartingWith(EVENT);
        assertEquals(2, events.size(), result.stderr());
        for (String line : events) {
            assertTrue(line.contains("kind=truncated exchange=mid-stream "), line);
            assertTrue(line.matches(".* bytesIn=1000 bytesOut=10 quietMs=\\d+ ageMs=\\d+ .*"), line);
        }
    }

    @Test
    void aRequestWithNoReplyIsAwaiting() {
        ChildJvm.Result result = ChildJvm.demo("--format", "lines", "--scenario", "truncate-fin",
                "--transport", "socket,engine", "--tls", "1.2", "--bytes", "0").agent().run()
                .assertExitedNormally();
        List<String> events = result.stderrLinesStartingWith(EVENT);
        assertEquals(2, events.size(), result.stderr());
        for (String line : events) {
            assertTrue(line.contains("kind=truncated exchange=awaiting ")
                    && line.contains(" bytesIn=0 bytesOut=10 "), line);
        }
    }

    @Test
    void quietPastTheThresholdIsIdleAndThrowIdleFalseExemptsIt() {
        // idle.ms=0: every connection is past the threshold, so no waiting is needed here; the
        // threshold arithmetic itself is unit-tested (TrafficTest).
        ChildJvm.Result idleThrown = ChildJvm.demo(TRUNCATE_BOTH).agent("policy=throw,idle.ms=0")
                .run().assertExitedNormally();
        assertTrue(idleThrown.stderrLinesStartingWith(EVENT).stream()
                .allMatch(l -> l.contains("exchange=idle ")), idleThrown.stderr());
        DemoLines thrown = new DemoLines(idleThrown.stdout());
        assertEquals("SSLProtocolException", thrown.run("truncate-fin", "socket", "1.3").exception(),
                "throw.idle defaults to true: an idle-looking cut still throws");
        thrown.assertCounters(2, 0, 0, 1);

        ChildJvm.Result exempt = ChildJvm.demo(TRUNCATE_BOTH)
                .agent("policy=throw,idle.ms=0,throw.idle=false").run().assertExitedNormally();
        DemoLines lines = new DemoLines(exempt.stdout());
        assertEquals("eof", lines.run("truncate-fin", "socket", "1.3").end());
        lines.assertCounters(2, 0, 0, 0);
        assertEquals(2, exempt.stderrLinesStartingWith(EVENT).size(), "still logged");
    }

    @Test
    void excludedPeersAreOnlyCountedAsExcluded() {
        ChildJvm.Result result = ChildJvm.demo("--format", "lines")
                .agent("policy=throw")
                .property("closenotify.exclude", "127.0.0.0/8,localhost:1-is-ignored-below")
                .run().assertExitedNormally();
        assertTrue(result.stderr().contains("closenotify: invalid pattern 'localhost:1-is-ignored-below'"
                + " in closenotify.exclude (port '1-is-ignored-below' is not a number); ignored"),
                result.stderr());
        DemoLines lines = new DemoLines(result.stdout());
        // Sockets connect to 127.0.0.1 (the CIDR); engines name "localhost", which is not excluded.
        for (DemoLines.Run run : lines.runs().values()) {
            String expected = Expected.kind(run);
            if (!expected.equals("none") && run.transport().equals("socket")) {
                assertEquals("excluded", run.agent(), run.key());
                assertTrue(!run.exception().equals("SSLProtocolException"), "never thrown: " + run.key());
            }
        }
        long socketEvents = lines.runs().values().stream()
                .filter(r -> r.transport().equals("socket") && !Expected.kind(r).equals("none")).count();
        assertEquals(socketEvents, lines.counter("Excluded"));
        assertEquals(0, lines.counter("Thrown"));
        assertTrue(result.stderrLinesStartingWith(EVENT).stream().noneMatch(l -> l.contains("transport=socket")),
                "excluded events are never logged");

        ChildJvm.Result byName = ChildJvm.demo(TRUNCATE_BOTH).agent()
                .property("closenotify.exclude", "*.host,LOCALHOST:1,localhost").run()
                .assertExitedNormally();
        DemoLines named = new DemoLines(byName.stdout());
        assertEquals("excluded", named.run("truncate-fin", "engine", "1.3").agent());
        assertEquals("truncated", named.run("truncate-fin", "socket", "1.3").agent());
    }

    @Test
    void logRateLimitsLinesAndSaysWhatItSuppressedByKind() {
        ChildJvm.Result result = ChildJvm.demo("--format", "lines").agent()
                .property("closenotify.log.rate", "3").run().assertExitedNormally();
        assertEquals(3, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        DemoLines lines = new DemoLines(result.stdout());
        long total = lines.counter("Truncations") + lines.counter("HandshakeEofs")
                + lines.counter("AfterLocalClose");
        List<String> summaries = result.stderrLinesStartingWith("closenotify: ").stream()
                .filter(l -> l.contains("suppressed")).collect(Collectors.toList());
        assertEquals(1, summaries.size(), result.stderr());
        assertTrue(summaries.get(0).startsWith("closenotify: " + (total - 3) + " event lines suppressed"
                + " in the last minute (closenotify.log.rate=3 per minute), all counted: truncated="),
                summaries.get(0));
    }

    @Test
    void jfrEventCarriesEveryFieldWithLabels() throws Exception {
        Path recording = temp.resolve("events.jfr");
        ChildJvm.Result result = ChildJvm.demo(TRUNCATE_BOTH).agent()
                .jvmArg("-XX:StartFlightRecording:filename=" + recording + ",settings=default")
                .run().assertExitedNormally();
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("closenotify.Truncation"))
                .collect(Collectors.toList());
        assertEquals(2, events.size(), result.stderr());
        RecordedEvent socket = events.stream().filter(e -> "socket".equals(e.getString("transport")))
                .findFirst().orElseThrow();
        assertEquals("truncated", socket.getString("kind"));
        assertEquals("mid-stream", socket.getString("exchange"));
        assertEquals("127.0.0.1", socket.getString("peerAddress"));
        assertEquals("client", socket.getString("role"));
        assertEquals("TLSv1.3", socket.getString("protocol"));
        assertEquals("false", socket.getString("midRecord"));
        assertEquals(1000, socket.getLong("bytesIn"));
        assertTrue(socket.getString("callSite").startsWith("dev.closenotify.demo.SocketClient."));
        EventType type = socket.getEventType();
        assertEquals("TLS Close Without close_notify", type.getLabel());
        assertTrue(type.getDescription().contains("close_notify"));
        for (String field : List.of("kind", "exchange", "peer", "peerAddress", "peerPort", "localPort",
                "role", "protocol", "cipherSuite", "transport", "midRecord", "bytesIn", "bytesOut",
                "quietMs", "ageMs", "callSite")) {
            ValueDescriptor descriptor = type.getField(field);
            assertTrue(descriptor != null && descriptor.getLabel() != null, field);
        }
    }

    @Test
    void jfrFalseEmitsNothing() throws Exception {
        Path recording = temp.resolve("off.jfr");
        ChildJvm.demo(TRUNCATE_BOTH).agent("jfr=false")
                .jvmArg("-XX:StartFlightRecording:filename=" + recording + ",settings=default")
                .run().assertExitedNormally();
        assertEquals(0, RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("closenotify.Truncation")).count());
    }

    @Test
    void reportIsWrittenAtExitOwnerOnlyWithCountsAndTopTables() throws Exception {
        Path report = temp.resolve("report.json");
        ChildJvm.Result result = ChildJvm.demo("--format", "lines").agent()
                .property("closenotify.report", report.toString()).run().assertExitedNormally();
        assertTrue(Files.isRegularFile(report), result.stderr());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
        String json = Files.readString(report);
        DemoLines lines = new DemoLines(result.stdout());
        assertTrue(json.contains("\"counts\": {\"truncated\": " + lines.counter("Truncations")
                + ", \"handshake-eof\": " + lines.counter("HandshakeEofs") + ", \"after-local-close\": "
                + lines.counter("AfterLocalClose") + ", \"excluded\": 0, \"thrown\": 0}"), json);
        assertTrue(json.contains("\"truncated\": {\"idle\": 0, \"awaiting\": 0, \"mid-stream\": "
                + Expected.EVENTS_TRUNCATED + ","
                + " \"unknown\": 0}"), json);
        Matcher peer = Pattern.compile("\\{\"peer\": \"127\\.0\\.0\\.1:\\d+\", \"count\": (\\d+)\\}")
                .matcher(json);
        assertTrue(peer.find(), json);
        assertTrue(json.contains("\"callSite\": \"dev.closenotify.demo.SocketClient.converse("), json);
        assertTrue(json.matches("(?s).*\"topCallSites\": \\{\"entries\": \\[.*\\], \"distinct\": \\d+,"
                + " \"other\": 0\\}.*"), json);
        try (var files = Files.list(temp)) {
            assertEquals(List.of(report), files.collect(Collectors.toList()), "no temp file left");
        }
    }

    @Test
    void unwritableReportPathIsNamedAndTheAgentRunsOn() {
        ChildJvm.Result result = ChildJvm.demo(TRUNCATE_BOTH).agent()
                .property("closenotify.report", "/proc/closenotify/report.json").run()
                .assertExitedNormally();
        assertTrue(result.stderr().contains("closenotify: cannot write closenotify.report="
                + "'/proc/closenotify/report.json' (directory /proc/closenotify is missing or not"
                + " writable); no report will be written"), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
    }

}
