package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void countsEachKindSeparately() {
        Counters counters = new Counters();
        counters.record(Kind.TRUNCATED, Exchange.IDLE, Harm.NONE);
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.SILENT);
        counters.record(Kind.HANDSHAKE_EOF, Exchange.UNKNOWN, Harm.UNKNOWN);
        counters.record(Kind.AFTER_LOCAL_CLOSE, Exchange.AWAITING, Harm.NONE);
        counters.recordThrown();
        counters.recordExcluded();
        assertEquals(2, counters.truncations());
        assertEquals(1, counters.handshakeEofs());
        assertEquals(1, counters.afterLocalClose());
        assertEquals(1, counters.thrown());
        assertEquals(1, counters.excluded());
        assertEquals(1, counters.count(Kind.TRUNCATED, Exchange.IDLE));
        assertEquals(0, counters.count(Kind.TRUNCATED, Exchange.AWAITING));
    }

    @Test
    void harmTotalsCountTruncationsOnlyAndAddUpToThem() {
        Counters counters = new Counters();
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.SILENT);
        counters.record(Kind.TRUNCATED, Exchange.IDLE, Harm.SILENT);
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.SILENT);
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.DETECTED);
        counters.record(Kind.TRUNCATED, Exchange.AWAITING, Harm.DETECTED);
        counters.record(Kind.TRUNCATED, Exchange.IDLE, Harm.NONE);
        counters.record(Kind.TRUNCATED, Exchange.UNKNOWN, Harm.UNKNOWN);
        counters.record(Kind.TRUNCATED, Exchange.UNKNOWN, null);
        // Other kinds have verdicts too; they must not leak into the truncation totals.
        counters.record(Kind.HANDSHAKE_EOF, Exchange.UNKNOWN, Harm.SILENT);
        counters.record(Kind.AFTER_LOCAL_CLOSE, Exchange.MID_STREAM, Harm.DETECTED);
        counters.record(Kind.AFTER_LOCAL_CLOSE, Exchange.IDLE, Harm.NONE);
        assertEquals(3, counters.silentTruncations());
        assertEquals(2, counters.detectedTruncations());
        assertEquals(1, counters.harmlessTruncations());
        assertEquals(2, counters.unknownHarmTruncations(), "null counts as unknown");
        assertEquals(8, counters.truncations());
        assertEquals(2, counters.count(Kind.TRUNCATED, Exchange.IDLE));
        assertEquals(3, counters.count(Kind.TRUNCATED, Exchange.MID_STREAM));
        assertEquals(1, counters.count(Kind.HANDSHAKE_EOF, Harm.SILENT));
        assertEquals(1, counters.count(Kind.AFTER_LOCAL_CLOSE, Harm.NONE));
        assertEquals(0, counters.count(Kind.HANDSHAKE_EOF, Harm.NONE));
        assertEquals(1, counters.handshakeEofs());
        assertEquals(2, counters.afterLocalClose());
    }

    @Test
    void exactUnderConcurrency() throws Exception {
        Counters counters = new Counters();
        int threads = 8;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counters.record(Kind.values()[i % 3], Exchange.values()[i % 4],
                            Harm.values()[i % 4]);
                    counters.recordThrown();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long total = (long) threads * perThread;
        assertEquals(total, counters.thrown());
        assertEquals(total, counters.truncations() + counters.handshakeEofs()
                + counters.afterLocalClose());
        assertEquals(threads * 16_667L, counters.truncations());
        // i % 3 == 0 for truncated, so i % 4 runs through every harm: i % 12 in {0, 3, 6, 9}.
        assertEquals(threads * 4_167L, counters.harmlessTruncations());
        assertEquals(threads * 4_167L, counters.silentTruncations());
        assertEquals(threads * 4_167L, counters.unknownHarmTruncations());
        assertEquals(threads * 4_166L, counters.detectedTruncations());
        assertEquals(counters.truncations(), counters.silentTruncations()
                + counters.detectedTruncations() + counters.harmlessTruncations()
                + counters.unknownHarmTruncations());
    }
}
