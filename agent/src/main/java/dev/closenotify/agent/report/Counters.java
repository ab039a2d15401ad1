package dev.closenotify.agent.report;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import java.util.concurrent.atomic.LongAdder;

/** Exact event counts, safe under concurrent updates from many reading threads. */
public final class Counters {

    private static final int KINDS = Kind.values().length;
    private static final int EXCHANGES = Exchange.values().length;
    private static final int HARMS = Harm.values().length;

    /**
     * One cell per kind, exchange and harm: each event increments exactly one, so every total
     * (by kind, by exchange, by harm) is a sum over the same cells and the harm totals of a kind
     * always add up to its count.
     */
    private final LongAdder[] cells = new LongAdder[KINDS * EXCHANGES * HARMS];
    private final LongAdder excluded = new LongAdder();
    private final LongAdder thrown = new LongAdder();

    public Counters() {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new LongAdder();
        }
    }

    /** @param harm the event's verdict; null counts as {@link Harm#UNKNOWN} */
    public void record(Kind kind, Exchange exchange, Harm harm) {
        cells[index(kind.ordinal(), exchange.ordinal(),
                (harm == null ? Harm.UNKNOWN : harm).ordinal())].increment();
    }

    public void recordExcluded() {
        excluded.increment();
    }

    public void recordThrown() {
        thrown.increment();
    }

    public long count(Kind kind) {
        long sum = 0;
        for (int exchange = 0; exchange < EXCHANGES; exchange++) {
            for (int harm = 0; harm < HARMS; harm++) {
                sum += cells[index(kind.ordinal(), exchange, harm)].sum();
            }
        }
        return sum;
    }

    public long count(Kind kind, Exchange exchange) {
        long sum = 0;
        for (int harm = 0; harm < HARMS; harm++) {
            sum += cells[index(kind.ordinal(), exchange.ordinal(), harm)].sum();
        }
        return sum;
    }

    public long count(Kind kind, Harm harm) {
        long sum = 0;
        for (int exchange = 0; exchange < EXCHANGES; exchange++) {
            sum += cells[index(kind.ordinal(), exchange, harm.ordinal())].sum();
        }
        return sum;
    }

    public long truncations() {
        return count(Kind.TRUNCATED);
    }

    /** Truncations of a close-delimited body in flight: the application took the cut as whole. */
    public long silentTruncations() {
        return count(Kind.TRUNCATED, Harm.SILENT);
    }

    /** Truncations of a self-delimited message: the application's own parser sees the cut. */
    public long detectedTruncations() {
        return count(Kind.TRUNCATED, Harm.DETECTED);
    }

    /** Truncations at a message boundary ({@code harm=none}). */
    public long harmlessTruncations() {
        return count(Kind.TRUNCATED, Harm.NONE);
    }

    /** Truncations the framing could not judge (framing off, not HTTP, not tracked). */
    public long unknownHarmTruncations() {
        return count(Kind.TRUNCATED, Harm.UNKNOWN);
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

    private static int index(int kind, int exchange, int harm) {
        return (kind * EXCHANGES + exchange) * HARMS + harm;
    }
}
