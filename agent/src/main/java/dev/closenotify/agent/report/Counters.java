package dev.closenotify.agent.report;

import dev.closenotify.agent.event.Kind;
import java.util.concurrent.atomic.LongAdder;

/** Exact event counts, safe under concurrent updates from many reading threads. */
public final class Counters {

    private final LongAdder truncations = new LongAdder();
    private final LongAdder handshakeEofs = new LongAdder();
    private final LongAdder afterLocalClose = new LongAdder();
    private final LongAdder thrown = new LongAdder();

    public void record(Kind kind) {
        switch (kind) {
            case TRUNCATED -> truncations.increment();
            case HANDSHAKE_EOF -> handshakeEofs.increment();
            case AFTER_LOCAL_CLOSE -> afterLocalClose.increment();
        }
    }

    public void recordThrown() {
        thrown.increment();
    }

    public long truncations() {
        return truncations.sum();
    }

    public long handshakeEofs() {
        return handshakeEofs.sum();
    }

    public long afterLocalClose() {
        return afterLocalClose.sum();
    }

    public long thrown() {
        return thrown.sum();
    }
}
