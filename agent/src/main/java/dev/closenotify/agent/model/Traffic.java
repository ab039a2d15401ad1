package dev.closenotify.agent.model;

/**
 * The application-data counters of one connection at the EOF, as kept by the tracking fields.
 * Times are {@code System.nanoTime()} values (compared by subtraction, as nanoTime requires);
 * a byte count of 0 means the matching time was never set.
 */
public record Traffic(long createdNanos, long bytesIn, long lastInNanos, long bytesOut,
        long lastOutNanos) {

    /** Classifies the moment {@code nowNanos}; {@code idleNanos} is the idle threshold. */
    public Exchange exchange(long nowNanos, long idleNanos) {
        if (quietNanos(nowNanos) >= idleNanos) {
            return Exchange.IDLE;
        }
        boolean receivedSinceLastWrite = bytesIn > 0
                && (bytesOut == 0 || lastInNanos - lastOutNanos > 0);
        return receivedSinceLastWrite ? Exchange.MID_STREAM : Exchange.AWAITING;
    }

    /** Time since the last application I/O, or since creation when there was none. */
    public long quietNanos(long nowNanos) {
        long last = createdNanos;
        if (bytesIn > 0 && lastInNanos - last > 0) {
            last = lastInNanos;
        }
        if (bytesOut > 0 && lastOutNanos - last > 0) {
            last = lastOutNanos;
        }
        return nowNanos - last;
    }

    public long ageNanos(long nowNanos) {
        return nowNanos - createdNanos;
    }
}
