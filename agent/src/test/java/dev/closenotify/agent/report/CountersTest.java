package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        counters.record(Kind.TRUNCATED, Exchange.IDLE);
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM);
        counters.record(Kind.HANDSHAKE_EOF, Exchange.UNKNOWN);
        counters.record(Kind.AFTER_LOCAL_CLOSE, Exchange.AWAITING);
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
                    counters.record(Kind.values()[i % 3], Exchange.values()[i % 4]);
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
    }
}
