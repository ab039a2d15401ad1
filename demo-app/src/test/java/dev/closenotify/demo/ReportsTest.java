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
                + " agent=truncated message=-", LinesReport.result(r));
    }

    @Test
    void resultLineForAnExceptionKeepsTheMessageLastOnOneLine() {
        Outcome o = Outcome.failed(1000, new SSLProtocolException("no close_notify\nfrom peer"));
        RunResult r = new RunResult(TRUNCATE, o, null);
        assertEquals("RESULT scenario=truncate-fin transport=socket tls=1.3 bytes=1000 end=exception"
                + " exception=SSLProtocolException agent=- message=no close_notify from peer", LinesReport.result(r));
    }

    @Test
    void emptyOrMissingMessageIsADash() {
        RunResult r = new RunResult(TRUNCATE, new Outcome(0, null, "SocketException", ""), "none");
        assertTrue(LinesReport.result(r).endsWith(" agent=none message=-"), LinesReport.result(r));
    }

    @Test
    void countersLine() {
        assertEquals("COUNTERS absent", LinesReport.counters(null, null));
        assertEquals("COUNTERS Truncations=3 HandshakeEofs=2 AfterLocalClose=1 Thrown=0 Excluded=0 Policy=count",
                LinesReport.counters(new AgentCounters(3, 2, 1, 0), "count"));
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
        assertTrue(row1.endsWith("  -"), row1);
        assertEquals(row1.indexOf("1000 bytes"), row2.indexOf("7 bytes"));
        assertTrue(lines.stream().anyMatch(l -> l.equals("Totals: - (agent not attached)")));
    }
}
