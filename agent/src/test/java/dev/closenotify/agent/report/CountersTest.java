package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closenotify.agent.event.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void countsEachKindSeparately() {
        Counters counters = new Counters();
        counters.record(Kind.TRUNCATED);
        counters.record(Kind.TRUNCATED);
        counters.record(Kind.HANDSHAKE_EOF);
        counters.record(Kind.AFTER_LOCAL_CLOSE);
        counters.recordThrown();
        assertEquals(2, counters.truncations());
        assertEquals(1, counters.handshakeEofs());
        assertEquals(1, counters.afterLocalClose());
        assertEquals(1, counters.thrown());
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
                    counters.record(Kind.values()[i % 3]);
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
