package dev.closenotify.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrafficTest {

    private static final long MS = 1_000_000L;
    private static final long IDLE = 2000 * MS;
    // nanoTime values may be negative: every case starts below zero to prove subtraction is used.
    private static final long T0 = -5_000 * MS;

    @Test
    void quietLongerThanTheThresholdIsIdle() {
        Traffic t = new Traffic(T0, 100, T0 + 10 * MS, 20, T0 + 5 * MS);
        assertEquals(Exchange.IDLE, t.exchange(T0 + 10 * MS + IDLE, IDLE));
        assertEquals(IDLE, t.quietNanos(T0 + 10 * MS + IDLE));
    }

    @Test
    void bytesReceivedSinceOurLastWriteIsMidStream() {
        Traffic t = new Traffic(T0, 100, T0 + 10 * MS, 20, T0 + 5 * MS);
        assertEquals(Exchange.MID_STREAM, t.exchange(T0 + 11 * MS, IDLE));
    }

    @Test
    void receivedWithoutEverWritingIsMidStream() {
        Traffic t = new Traffic(T0, 100, T0 + 10 * MS, 0, 0);
        assertEquals(Exchange.MID_STREAM, t.exchange(T0 + 11 * MS, IDLE));
    }

    @Test
    void wroteAfterTheLastByteReceivedIsAwaiting() {
        Traffic t = new Traffic(T0, 100, T0 + 10 * MS, 20, T0 + 15 * MS);
        assertEquals(Exchange.AWAITING, t.exchange(T0 + 16 * MS, IDLE));
        Traffic requestOnly = new Traffic(T0, 0, 0, 20, T0 + 15 * MS);
        assertEquals(Exchange.AWAITING, requestOnly.exchange(T0 + 16 * MS, IDLE));
    }

    @Test
    void quietAndAgeCountFromCreationWithoutAnyIo() {
        Traffic fresh = new Traffic(T0, 0, 0, 0, 0);
        assertEquals(3 * MS, fresh.quietNanos(T0 + 3 * MS));
        assertEquals(3 * MS, fresh.ageNanos(T0 + 3 * MS));
        assertEquals(Exchange.IDLE, fresh.exchange(T0 + IDLE, IDLE));
    }
}
