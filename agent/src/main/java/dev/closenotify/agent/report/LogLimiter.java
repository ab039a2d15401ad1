package dev.closenotify.agent.report;

import dev.closenotify.agent.model.Kind;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} event lines per one-minute window; the rest are counted by kind and
 * summed up in one line per window by {@link #drainSummary()}.
 */
public final class LogLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    /** {@code System::nanoTime} without a method reference (no invokedynamic at start-up). */
    public static final LongSupplier NANO_TIME = new LongSupplier() {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    };

    private final int perMinute;
    private final LongSupplier clock;
    private final AtomicLong windowStart;
    private final AtomicLong usedInWindow = new AtomicLong();
    private final LongAdder[] suppressed = new LongAdder[Kind.values().length];

    public LogLimiter(int perMinute, LongSupplier clock) {
        this.perMinute = perMinute;
        this.clock = clock;
        this.windowStart = new AtomicLong(clock.getAsLong());
        for (int i = 0; i < suppressed.length; i++) {
            suppressed[i] = new LongAdder();
        }
    }

    /** True when a line for this event may be written now; otherwise it is counted. */
    public boolean tryAcquire(Kind kind) {
        long now = clock.getAsLong();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            usedInWindow.set(0);
        }
        if (usedInWindow.incrementAndGet() <= perMinute) {
            return true;
        }
        suppressed[kind.ordinal()].increment();
        return false;
    }

    /**
     * The summary of lines suppressed since the last call, e.g.
     * {@code 37 event lines suppressed (closenotify.log.rate=20 per minute): truncated=30,
     * handshake-eof=7}; null when none were.
     */
    public String drainSummary() {
        StringBuilder byKind = new StringBuilder();
        long total = 0;
        for (Kind kind : Kind.values()) {
            long count = suppressed[kind.ordinal()].sumThenReset();
            if (count > 0) {
                byKind.append(byKind.length() == 0 ? "" : ", ").append(kind.id()).append('=')
                        .append(count);
                total += count;
            }
        }
        if (total == 0) {
            return null;
        }
        return total + " event line" + (total == 1 ? "" : "s")
                + " suppressed in the last minute (closenotify.log.rate=" + perMinute
                + " per minute), all counted: " + byKind;
    }
}
