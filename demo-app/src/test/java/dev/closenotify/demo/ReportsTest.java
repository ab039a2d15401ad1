package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final Combination TRUNCATE = new Combination(Scenario.TRUNCATE_FIN, Transport.SOCKET,
            TlsVersion.TLS_1_3);

    @Test
    void resultLineForACleanEnd() {
        RunResult r = new RunResult(TRUNCATE, Outcome.clean(1000, "-1"), "truncated");
        assertEquals("RESULT scenario=truncate-fin transport=socket tls=1.3 bytes=1000 end=eof exception=-"
                + " agent=truncated harm=- message=-", LinesReport.result(r));
    }

    @Test
    void resultLineForAnExceptionKeepsTheMessageLastOnOneLine() {
        Outcome o = Outcome.failed(1000, new SSLProtocolException("no close_notify\nfrom peer"));
        RunResult r = new RunResult(TRUNCATE, o, null);
        assertEquals("RESULT scenario=truncate-fin transport=socket tls=1.3 bytes=1000 end=exception"
                + " exception=SSLProtocolException agent=- harm=- message=no close_notify from peer", LinesReport.result(r));
    }

    @Test
    void emptyOrMissingMessageIsADash() {
        RunResult r = new RunResult(TRUNCATE, new Outcome(0, null, "SocketException", ""), "none");
        assertTrue(LinesReport.result(r).endsWith(" agent=none harm=- message=-"), LinesReport.result(r));
    }

    @Test
    void resultLineCarriesTheHarmVerdictAfterTheAgentField() {
        RunResult r = new RunResult(new Combination(Scenario.HTTP10_CUT, Transport.SOCKET, TlsVersion.TLS_1_2),
                Outcome.clean(1045, "-1"), "truncated", "silent");
        assertEquals("RESULT scenario=http10-cut transport=socket tls=1.2 bytes=1045 end=eof exception=-"
                + " agent=truncated harm=silent message=-", LinesReport.result(r));
    }

    @Test
    void countersLine() {
        assertEquals("COUNTERS absent", LinesReport.counters(null, null));
        assertEquals("COUNTERS Truncations=3 HandshakeEofs=2 AfterLocalClose=1 Thrown=0 Excluded=0 Policy=count",
                LinesReport.counters(new AgentCounters(3, 2, 1, 0), "count"));
        assertEquals("COUNTERS Truncations=3 HandshakeEofs=0 AfterLocalClose=0 Thrown=1 Excluded=0"
                + " SilentTruncations=1 DetectedTruncations=1 HarmlessTruncations=0 UnknownHarmTruncations=1"
                + " Policy=throw",
                LinesReport.counters(new AgentCounters(3, 0, 0, 1, 0, new AgentCounters.HarmCounts(1, 1, 0, 1)),
                        "throw"));
    }

    @Test
    void appReceivedCutsLongMessages() {
        assertEquals("1000 bytes, then -1", TableReport.appReceived(Outcome.clean(1000, "-1")));
        String longMessage = "x".repeat(200);
        String cell = TableReport.appReceived(new Outcome(5, null, "SSLException", longMessage));
        assertEquals("5 bytes, then SSLException: " + "x".repeat(TableReport.MAX_MESSAGE - 3) + "...", cell);
    }

    @Test
    void tableAlignsColumnsAndShowsDashWithoutAgent() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        TableReport.print(out, "headline", List.of(
                new RunResult(TRUNCATE, Outcome.clean(1000, "-1"), null),
                new RunResult(new Combination(Scenario.CLOSE_NOTIFY_WITH_FIN, Transport.ENGINE, TlsVersion.TLS_1_2),
                        Outcome.clean(7, "close_notify"), null)), null, false);
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("headline", lines.get(0));
        assertTrue(lines.get(1).contains("agent not attached"), lines.get(1));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("SCENARIO")).findFirst().orElseThrow());
        String row1 = lines.get(header + 2);
        String row2 = lines.get(header + 3);
        assertTrue(row1.startsWith("truncate-fin           socket     1.3  1000 bytes, then -1"), row1);
        assertTrue(row1.matches(".*1000 bytes, then -1 +- +-"), row1);
        assertEquals(row1.indexOf("1000 bytes"), row2.indexOf("7 bytes"));
        assertTrue(lines.stream().anyMatch(l -> l.equals("Totals: - (agent not attached)")));
    }

    @Test
    void harmColumnShowsEachRunsVerdictAndHowToReadItNamesTheAttack() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        AgentCounters totals = new AgentCounters(2, 0, 0, 0, 0, new AgentCounters.HarmCounts(1, 0, 1, 0));
        TableReport.print(out, "headline", List.of(
                new RunResult(new Combination(Scenario.HTTP_CLOSE_DELIMITED_CUT, Transport.SOCKET, TlsVersion.TLS_1_3),
                        Outcome.clean(1064, "-1"), "truncated", "silent"),
                new RunResult(new Combination(Scenario.HTTP_LENGTH_COMPLETE, Transport.SOCKET, TlsVersion.TLS_1_3),
                        Outcome.clean(1067, "-1"), "truncated", "none"),
                new RunResult(TRUNCATE, Outcome.clean(1000, "-1"), "none", null)), totals, true);
        String text = buf.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals("agent: attached (MBean closenotify:type=Agent)", lines.get(1));
        String heading = lines.stream().filter(l -> l.startsWith("SCENARIO")).findFirst().orElseThrow();
        assertTrue(heading.endsWith("  AGENT REPORTED  HARM"), heading);
        assertTrue(lines.contains("http-close-delimited-cut  socket     1.3  1064 bytes, then -1  truncated       silent"),
                text);
        assertTrue(lines.contains("http-length-complete      socket     1.3  1067 bytes, then -1  truncated       none"),
                text);
        assertTrue(lines.contains("truncate-fin              socket     1.3  1000 bytes, then -1  none            -"),
                text);
        String flat = text.replaceAll("\\s+", " ");
        assertTrue(flat.contains("silent (http-close-delimited-cut, http10-cut) is the attack"), flat);
        assertTrue(flat.contains("kind=truncated harm=silent"), flat);
        assertTrue(flat.contains("detected (http-length-cut, http-chunked-cut)"), flat);
        assertTrue(flat.contains("none (http-length-complete)"), flat);
    }

    @Test
    void tableSaysWhenTheAgentHasNoHarmCounters() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        TableReport.print(out, "headline", List.of(), new AgentCounters(0, 0, 0, 0), true);
        assertEquals("agent: attached (MBean closenotify:type=Agent); this agent has no harm counters,"
                + " the harm column stays -", buf.toString(StandardCharsets.UTF_8).lines().toList().get(1));
    }
}
