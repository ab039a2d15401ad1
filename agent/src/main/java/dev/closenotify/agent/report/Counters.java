package dev.closenotify.agent.report;

import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import java.util.concurrent.atomic.LongAdder;

/** Exact event counts, safe under concurrent updates from many reading threads. */
public final class Counters {

    private final LongAdder[][] byKindAndExchange =
            new LongAdder[Kind.values().length][Exchange.values().length];
    private final LongAdder excluded = new LongAdder();
    private final LongAdder thrown = new LongAdder();

    public Counters() {
        for (LongAdder[] row : byKindAndExchange) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new LongAdder();
            }
        }
    }

    public void record(Kind kind, Exchange exchange) {
        byKindAndExchange[kind.ordinal()][exchange.ordinal()].increment();
    }

    public void recordExcluded() {
        excluded.increment();
    }

    public void recordThrown() {
        thrown.increment();
    }

    public long count(Kind kind) {
        long sum = 0;
        for (LongAdder adder : byKindAndExchange[kind.ordinal()]) {
            sum += adder.sum();
        }
        return sum;
    }

    public long count(Kind kind, Exchange exchange) {
        return byKindAndExchange[kind.ordinal()][exchange.ordinal()].sum();
    }

    public long truncations() {
        return count(Kind.TRUNCATED);
    }

    public long handshakeEofs() {
        return count(Kind.HANDSHAKE_EOF);
    }

    public long afterLocalClose() {
        return count(Kind.AFTER_LOCAL_CLOSE);
    }

    public long excluded() {
        return excluded.sum();
    }

    public long thrown() {
        return thrown.sum();
    }
}
