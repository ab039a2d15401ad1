package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.model.Kind;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

    private final AtomicLong clock = new AtomicLong(-7_000_000_000L);
    private final LogLimiter limiter = new LogLimiter(3, clock::get);

    @Test
    void allowsTheRatePerMinuteAndCountsTheRestByKind() {
        assertTrue(limiter.tryAcquire(Kind.TRUNCATED));
        assertTrue(limiter.tryAcquire(Kind.TRUNCATED));
        assertTrue(limiter.tryAcquire(Kind.HANDSHAKE_EOF));
        assertFalse(limiter.tryAcquire(Kind.TRUNCATED));
        assertFalse(limiter.tryAcquire(Kind.TRUNCATED));
        assertFalse(limiter.tryAcquire(Kind.AFTER_LOCAL_CLOSE));
        assertEquals("3 event lines suppressed in the last minute (closenotify.log.rate=3 per minute),"
                + " all counted: truncated=2, after-local-close=1", limiter.drainSummary());
        assertNull(limiter.drainSummary());
    }

    @Test
    void aNewMinuteAllowsLinesAgain() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(Kind.TRUNCATED);
        }
        assertFalse(limiter.tryAcquire(Kind.TRUNCATED));
        clock.addAndGet(60_000_000_000L);
        assertTrue(limiter.tryAcquire(Kind.TRUNCATED));
    }

    @Test
    void rateZeroSuppressesEverything() {
        LogLimiter silent = new LogLimiter(0, clock::get);
        assertFalse(silent.tryAcquire(Kind.TRUNCATED));
        assertTrue(silent.drainSummary().startsWith("1 event line suppressed"));
    }
}
