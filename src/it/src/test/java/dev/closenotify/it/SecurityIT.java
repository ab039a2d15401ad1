package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No event, log line, JFR event or report ever contains application data. Every demo scenario
 * (socket and engine, TLS 1.2 and 1.3) runs with a secret marker in the request and in every byte
 * of the response ({@code demo.payload.marker}); in the HTTP scenarios it is also in the request
 * target, in a header value of the request and of every response, and in the chunk extension of
 * the chunked one: the very bytes the agent's framing tracker parses. Stdout, stderr, the agent's
 * JFR events and the JSON report are then searched for it.
 *
 * <p>Two positive controls keep the search honest: the demo reports (as counts, never the marker)
 * that each connection's plaintext did contain the marker on both sides, and a second distinctive
 * string is fed in as the engine's peer host name, metadata the agent does report, and must be
 * found by the very same searches in each output.
 */
class SecurityIT {

    private static final String EVENT = "TLS peer closed without close_notify: ";

    @TempDir
    Path temp;

    @Test
    void noApplicationDataInStderrLinesJfrOrReportUnderLog() throws Exception {
        Outputs outputs = run("log", false);
        assertAbsentEverywhere(outputs);
        // The event lines went to stderr (no SLF4J): the control host must be found there.
        assertTrue(outputs.result.stderrLinesStartingWith("closenotify: " + EVENT).stream()
                .anyMatch(l -> l.contains("peer=" + outputs.host + ":")), outputs.result.stderr());
        assertControlFoundInJfrAndReport(outputs);
    }

    @Test
    void noApplicationDataInLogbackLinesExceptionsJfrOrReportUnderThrow() throws Exception {
        Outputs outputs = run("throw", true);
        assertAbsentEverywhere(outputs);
        // The event lines went through logback to stdout, next to the agent's exception messages.
        assertTrue(outputs.result.stdout().lines().anyMatch(l -> l.startsWith("LOGBACK|")
                && l.contains(EVENT) && l.contains("peer=" + outputs.host + ":")), outputs.result.stdout());
        // (A running JFR recording makes the JDK's own socket events resolve 127.0.0.1 to
        // localhost, so the socket peer may read either way.)
        assertTrue(outputs.result.stdout().lines().anyMatch(l -> l.matches(".* exception="
                + "SSLProtocolException agent=truncated\\+thrown harm=\\S+ message=TLS peer (127\\.0\\.0\\.1|localhost)"
                + ":\\d+ closed the connection without close_notify: .*")), outputs.result.stdout());
        assertControlFoundInJfrAndReport(outputs);
    }

    /** The CLI and the MBean can change the policy and nothing else. */
    @Test
    void onlyThePolicyIsWritableOverJmx() {
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.MBeanInfoChild").agent()
                .run().assertExitedNormally();
        List<String> attributes = result.stdoutLinesStartingWith("ATTRIBUTE ");
        assertEquals(List.of(
                "ATTRIBUTE AfterLocalClose long r -",
                "ATTRIBUTE DetectedTruncations long r -",
                "ATTRIBUTE Excluded long r -",
                "ATTRIBUTE HandshakeEofs long r -",
                "ATTRIBUTE HarmlessTruncations long r -",
                "ATTRIBUTE Hooks java.lang.String r -",
                "ATTRIBUTE Policy java.lang.String r w",
                "ATTRIBUTE SilentTruncations long r -",
                "ATTRIBUTE Thrown long r -",
                "ATTRIBUTE Truncations long r -",
                "ATTRIBUTE UnknownHarmTruncations long r -",
                "ATTRIBUTE Version java.lang.String r -"),
                attributes.stream().sorted().collect(Collectors.toList()), result.toString());
        // The only operation; its impact is UNKNOWN (3), as for every standard MBean operation.
        assertEquals(List.of("OPERATION writeReport() 3"), result.stdoutLinesStartingWith("OPERATION "),
                result.toString());
        for (String write : result.stdoutLinesStartingWith("WRITE ")) {
            if (write.startsWith("WRITE Policy ")) {
                assertEquals("WRITE Policy ok", write);
            } else {
                assertTrue(write.matches("WRITE \\w+ refused:\\w+"), write);
            }
        }
        // Every attribute was tried.
        assertEquals(attributes.size(), result.stdoutLinesStartingWith("WRITE ").size(),
                result.toString());
    }

    /**
     * The one file the agent writes besides the report: the bridge jar on the bootstrap class
     * path. It is code the JVM trusts fully, so it must be owner-only from creation to use, and it
     * is gone once the JVM has exited.
     */
    @Test
    void theBootstrapBridgeJarIsOwnerOnlyAndDeletedAtExit() {
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.BridgeFileChild").agent()
                .run().assertExitedNormally();
        // Nothing is written or appended before the application uses TLS.
        assertEquals(List.of("BEFORE_TLS false"), result.stdoutLinesStartingWith("BEFORE_TLS "),
                result.toString());
        assertEquals(List.of("AFTER_TLS true"), result.stdoutLinesStartingWith("AFTER_TLS "),
                result.toString());
        List<String> entries = result.stdoutLinesStartingWith("BRIDGE ");
        assertEquals(1, entries.size(), result.toString());
        String[] parts = entries.get(0).split(" ");
        Path jar = Paths.get(parts[1]);
        assertTrue(jar.getFileName().toString().matches("closenotify-bridge-[0-9a-f]+\\.jar"), jar.toString());
        assertEquals("rw-------", parts[2], "permissions of " + jar);
        assertFalse(Files.exists(jar), jar + " still exists after exit");
    }

    /**
     * A program that never uses TLS gets nothing but the start-up line: no bridge file, hence no
     * JVM warning about the bootstrap class path, and no MBean thread work it can see; a report
     * asked for is still written at exit, with zero counts.
     */
    @Test
    void aProgramThatNeverUsesTlsGetsNoBridgeButItsReport() throws Exception {
        Path report = temp.resolve("no-tls-report.json");
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.NoTlsChild").agent()
                .property("closenotify.report", report.toString())
                .run().assertExitedNormally();
        assertEquals("NO_TLS done\n", result.stdout());
        assertEquals(1, result.stderrLinesStartingWith("closenotify: agent ").size(),
                result.stderr());
        assertEquals(result.stderrLinesStartingWith("closenotify: agent ").get(0) + "\n",
                result.stderr(), "nothing else on stderr: no bridge, no CDS warning");
        String json = Files.readString(report);
        assertTrue(json.contains("\"counts\": {\"truncated\": 0, \"handshake-eof\": 0,"), json);
    }

    // ---------------------------------------------------------------------------------------

    private record Outputs(String marker, String host, ChildJvm.Result result, List<RecordedEvent> events,
            String report) {
    }

    private Outputs run(String policy, boolean logback) throws Exception {
        String marker = "SECRET" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        String host = "ctl" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        Path recording = temp.resolve(policy + ".jfr");
        Path report = temp.resolve(policy + "-report.json");
        ChildJvm child = ChildJvm.demo("--format", "lines").agent("policy=" + policy)
                .property("closenotify.log.rate", "1000")
                .property("closenotify.report", report.toString())
                .property("demo.payload.marker", marker)
                .property("demo.peer.host", host)
                .jvmArg("-XX:StartFlightRecording:filename=" + recording + ",settings=default");
        if (logback) {
            child.withSlf4jAndLogback().property("logback.configurationFile",
                    Paths.get(System.getProperty("it.test.classes"), "it", "logback-pattern.xml").toString());
        }
        ChildJvm.Result result = child.run().assertExitedNormally();
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("closenotify.Truncation"))
                .collect(Collectors.toList());
        return new Outputs(marker, host, result, events, Files.readString(report));
    }

    private static void assertAbsentEverywhere(Outputs o) {
        // Positive control 1: the marker crossed every connection that carried data, both ways.
        DemoLines lines = new DemoLines(o.result.stdout());
        long withResponse = lines.runs().values().stream().filter(r -> r.bytes() > 0).count();
        long withRequest = lines.runs().values().stream()
                .filter(r -> !r.scenario().equals("handshake-eof")).count();
        assertEquals(Expected.RUNS, lines.runs().size());
        assertEquals(List.of("PAYLOAD marker client=" + withResponse + " peer=" + withRequest),
                o.result.stdoutLinesStartingWith("PAYLOAD "), o.result.stdout());
        assertTrue(withResponse >= 40 && withRequest == Expected.RUNS - Expected.EVENTS_HANDSHAKE_EOF,
                withResponse + " " + withRequest);

        assertFalse(o.result.stdout().contains(o.marker), "marker on stdout:\n" + o.result.stdout());
        assertFalse(o.result.stderr().contains(o.marker), "marker on stderr:\n" + o.result.stderr());
        assertFalse(o.report.contains(o.marker), "marker in the report:\n" + o.report);
        assertEquals(Expected.EVENTS, o.events.size(), "one JFR event per agent event");
        for (RecordedEvent event : o.events) {
            String text = fields(event);
            assertFalse(text.contains(o.marker), "marker in a JFR event: " + text);
        }
    }

    /** Positive control 2: the same searches do find agent-reported metadata. */
    private static void assertControlFoundInJfrAndReport(Outputs o) {
        assertTrue(o.events.stream().anyMatch(e -> fields(e).contains(o.host)), "control host in JFR");
        assertTrue(o.report.contains("\"peer\": \"" + o.host + ":"), o.report);
    }

    /** Every field of a recorded event, as text. */
    private static String fields(RecordedEvent event) {
        StringBuilder text = new StringBuilder();
        for (ValueDescriptor field : event.getFields()) {
            text.append(field.getName()).append('=').append((Object) event.getValue(field.getName()))
                    .append(' ');
        }
        return text.toString();
    }
}
