package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.it.child.TruncatingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load, many peers and a log storm, each against one child JVM with the agent. Run by the Maven
 * profile {@code long} only (tag "long"): a few minutes on two cores.
 *
 * <p>The truncating TLS server runs in this (test) JVM, without the agent, so the child's
 * threads, file descriptors and heap are the client's and the agent's alone. Every figure is
 * printed as a {@code LOAD} line for the README's safety section.
 */
@Tag("long")
class LoadIT {

    private static final int CONNECTIONS = 20_000;
    private static final int THREADS = 16;
    private static final int WARMUP = 200;
    private static final int RESPONSE_BYTES = 100;
    /** Allowed live-heap growth per phase; the unbounded-table control grows by megabytes. */
    private static final long HEAP_SLACK_KB = 2048;
    /** The log queue's 4096 lines of at most ~1 KB each (event lines are ~350 bytes). */
    private static final long QUEUE_SLACK_KB = 4096 + HEAP_SLACK_KB;
    private static final Pattern SUPPRESSED =
            Pattern.compile("closenotify: (\\d+) event lines? suppressed in the last minute .*");
    private static final String EVENT = "closenotify: TLS peer closed without close_notify: ";
    /**
     * Other JVMs on the machine may attach to any local JVM (the CLI's list verb does), which
     * starts an "Attach Listener" thread with a socket: not the agent's, but it would show as one
     * thread and one descriptor more. The children refuse attaching, so what is counted is theirs.
     */
    private static final String NO_ATTACH = "-XX:+DisableAttachMechanism";

    @TempDir
    Path temp;

    /**
     * 20,000 truncated connections from 16 threads under count, then 20,000 more under log with
     * the default rate limit: every connection reads its bytes and -1 as without the agent, the
     * counters are exact, threads and file descriptors return to the baseline, the live heap
     * does too (within {@value #HEAP_SLACK_KB} KB), and stderr holds at most 20 event lines per
     * minute, with every other line accounted for in the summaries.
     */
    @Test
    void twentyThousandTruncationsUnderCountThenLog() throws Exception {
        try (TruncatingServer server = TruncatingServer.start(RESPONSE_BYTES, THREADS)) {
            ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.LoadChild",
                    Integer.toString(server.port()), Integer.toString(RESPONSE_BYTES),
                    Integer.toString(THREADS), Integer.toString(WARMUP), "count:" + CONNECTIONS,
                    "log:" + CONNECTIONS).agent().jvmArg(NO_ATTACH).timeoutSeconds(600).run()
                    .assertExitedNormally();
            System.out.println("LOAD " + result.stdoutLinesStartingWith("BASELINE ").get(0));
            List<String> phases = result.stdoutLinesStartingWith("PHASE ");
            assertEquals(2, phases.size(), result.toString());
            for (String phase : phases) {
                System.out.println("LOAD " + phase);
                assertPhase(fields(phase), CONNECTIONS, result, HEAP_SLACK_KB);
            }
            assertEquals(WARMUP + 2 * CONNECTIONS, server.served(), "served by the server");
            assertEquals(0, server.failed(), String.valueOf(server.firstFailure()));

            // Log storm: events under log = warm-up + the log phase, all accounted for.
            long events = WARMUP + CONNECTIONS;
            long written = result.stderrLinesStartingWith(EVENT).size();
            long suppressed = 0;
            for (String line : result.stderrLines()) {
                Matcher m = SUPPRESSED.matcher(line);
                if (m.matches()) {
                    suppressed += Long.parseLong(m.group(1));
                }
            }
            long uptimeMs = Long.parseLong(result.stdoutLinesStartingWith("UPTIME_MS ").get(0)
                    .substring("UPTIME_MS ".length()));
            long windows = uptimeMs / 60_000 + 1;
            System.out.println("LOAD log lines written=" + written + " suppressed=" + suppressed
                    + " events=" + events + " uptimeMs=" + uptimeMs + " windows<=" + windows);
            assertEquals(events, written + suppressed, "every event line written or summed up");
            assertTrue(written >= 20 && written <= 20 * windows,
                    written + " lines in at most " + windows + " one-minute windows");
        }
    }

    /**
     * A logger that never returns, under load: every event tries to log (rate limit off), the
     * writer blocks on the first line, the queue fills and the rest is dropped, but the 16
     * reading threads never wait: all connections complete, the counters are exact, and the JVM
     * exits after the bounded 2 s wait, saying what was not written.
     */
    @Test
    void aBlockingLoggerNeverBlocksReadersUnderLoad() throws Exception {
        int connections = 5_000;
        int warmup = 16;
        try (TruncatingServer server = TruncatingServer.start(RESPONSE_BYTES, THREADS)) {
            ChildJvm.Running running = ChildJvm.testMain("dev.closenotify.it.child.LoadChild",
                    Integer.toString(server.port()), Integer.toString(RESPONSE_BYTES),
                    Integer.toString(THREADS), Integer.toString(warmup), "log:" + connections)
                    .withSlf4jAndLogback().agent().jvmArg(NO_ATTACH)
                    .property("closenotify.log.rate", "1000000")
                    .property("logback.configurationFile", Paths.get(
                            System.getProperty("it.test.classes"), "it", "logback-blocking.xml").toString())
                    .timeoutSeconds(600).start();
            ChildJvm.Result result = running.finish();
            long exitedAt = System.currentTimeMillis();
            result.assertExitedNormally();
            String phase = result.stdoutLinesStartingWith("PHASE ").get(0);
            System.out.println("LOAD blocking-logger " + phase);
            // The stuck logger keeps the full queue alive: at most 4096 lines of a few hundred
            // bytes each, a bounded amount, so the slack here is that bound.
            assertPhase(fields(phase), connections, result, QUEUE_SLACK_KB);
            assertEquals(1, result.stderrLinesStartingWith("BLOCKING_APPENDER_ENTERED").size(),
                    result.stderr());
            long exiting = Long.parseLong(result.stdoutLinesStartingWith("EXITING ").get(0)
                    .substring("EXITING ".length()));
            long exitMs = exitedAt - exiting;
            System.out.println("LOAD blocking-logger exit took " + exitMs + " ms");
            assertTrue(exitMs >= 2000 && exitMs < 12_000, "exit after the bounded wait: " + exitMs);

            Matcher lost = Pattern.compile("closenotify: (\\d+) event log lines were not written: the"
                    + " application's logger did not return within 2000 ms at exit; every event is"
                    + " still counted \\(MBean, report, JFR\\)(?:; (\\d+) event lines dropped because"
                    + " the log queue was full \\(all counted\\))?").matcher(
                    String.join("\n", result.stderrLinesStartingWith("closenotify: ")));
            assertTrue(lost.find(), result.stderr());
            long events = warmup + connections;
            long unwritten = Long.parseLong(lost.group(1));
            long dropped = lost.group(2) == null ? 0 : Long.parseLong(lost.group(2));
            System.out.println("LOAD blocking-logger unwritten=" + unwritten + " dropped=" + dropped
                    + " events=" + events);
            assertEquals(4096 + 1, unwritten, "a full queue plus the line stuck in the appender");
            long uptimeMs = Long.parseLong(result.stdoutLinesStartingWith("UPTIME_MS ").get(0)
                    .substring("UPTIME_MS ".length()));
            if (uptimeMs < 60_000) {
                // No minute summary went (unseen) into the stuck logger before exit.
                assertEquals(events, unwritten + dropped, result.stderr());
            } else {
                assertTrue(unwritten + dropped <= events, result.stderr());
            }
        }
    }

    /**
     * 100,000 distinct peer addresses: the report's per-peer table stays at 256 entries plus
     * {@code other}, and the live heap does not grow, while the same measure sees megabytes for
     * an unbounded table of the same peers.
     */
    @Test
    void aHundredThousandPeersKeepMemoryBounded() throws Exception {
        int peers = 100_000;
        Path report = temp.resolve("report.json");
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.PeerFloodChild",
                Integer.toString(peers)).agent("policy=count").jvmArg(NO_ATTACH).timeoutSeconds(600)
                .property("closenotify.report", report.toString()).run().assertExitedNormally();
        String flood = result.stdoutLinesStartingWith("FLOOD ").get(0);
        System.out.println("LOAD " + flood);
        Map<String, String> f = fields(flood);
        assertEquals("0", f.get("returned"), "count never throws");
        long[] heap = range(f.get("heapKb"));
        long control = Long.parseLong(f.get("controlKb"));
        assertTrue(heap[1] - heap[0] < HEAP_SLACK_KB, flood);
        assertTrue(control - heap[1] > 5 * 1024, "the measure sees an unbounded table: " + flood);

        String json = Files.readString(report);
        assertTrue(json.contains("\"counts\": {\"truncated\": " + (peers + 1) + ", "), json);
        Matcher table = Pattern.compile("\"topPeers\": \\{\"entries\": \\[.*?\\], \"distinct\": (\\d+),"
                + " \"other\": (\\d+)\\}", Pattern.DOTALL).matcher(json);
        assertTrue(table.find(), json);
        System.out.println("LOAD peers distinct=" + table.group(1) + " other=" + table.group(2));
        assertEquals(256, Integer.parseInt(table.group(1)));
        assertEquals(peers + 1 - 256, Long.parseLong(table.group(2)));
    }

    private static void assertPhase(Map<String, String> p, int connections, ChildJvm.Result result,
            long heapSlackKb) {
        String where = p + "\n" + String.join("\n", result.stdoutLinesStartingWith("FAILURE "));
        assertEquals(String.valueOf(connections), p.get("ok"), where);
        assertEquals("0", p.get("failed"), where);
        assertEquals(String.valueOf(connections), p.get("truncations"), where);
        assertEquals("0", p.get("handshakeEofs"), where);
        assertEquals("0", p.get("afterLocalClose"), where);
        long[] threads = range(p.get("threads"));
        assertEquals(threads[0], threads[1], "threads back to the baseline: " + where);
        assertEquals("", p.get("newThreads"), where);
        long[] fds = range(p.get("fds"));
        assertEquals(fds[0], fds[1], "file descriptors back to the baseline: " + where);
        long[] heap = range(p.get("heapKb"));
        assertTrue(heap[1] - heap[0] < heapSlackKb, "live heap back to the baseline: " + where);
    }

    private static long[] range(String text) {
        String[] parts = text.split("->");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : line.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }
}
