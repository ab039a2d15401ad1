package dev.closenotify.agent.detect;

import dev.closenotify.agent.model.CallSite;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@link TruncationEvent}s for the stacks' sources: the exchange state from the traffic
 * counters and the idle threshold, and the call site when the event will be logged.
 */
public final class Events {

    private final long idleNanos;
    private final boolean withCallSite;

    Events(long idleNanos, boolean withCallSite) {
        this.idleNanos = idleNanos;
        this.withCallSite = withCallSite;
    }

    /**
     * @param stack the library whose code met the EOF, as {@link TruncationEvent#stack} names it
     * @param midRecord whether the EOF cut a TLS record, or null (unknown, or not a transport)
     * @param traffic the connection's counters, or null when it was not tracked
     * @param watch the connection's framing watch, or null (framing off, or not tracked)
     * @param now {@code System.nanoTime()} when the EOF was seen
     */
    public TruncationEvent event(Kind kind, Transport transport, String stack, String role,
            String host, String address, int port, int localPort, String protocol, String cipher,
            Boolean midRecord, Traffic traffic, Object watch, long now) {
        Exchange exchange = traffic == null ? Exchange.UNKNOWN : traffic.exchange(now, idleNanos);
        long bytesIn = traffic == null ? -1 : traffic.bytesIn();
        long bytesOut = traffic == null ? -1 : traffic.bytesOut();
        long quietMs = traffic == null ? -1 : TimeUnit.NANOSECONDS.toMillis(traffic.quietNanos(now));
        long ageMs = traffic == null ? -1 : TimeUnit.NANOSECONDS.toMillis(traffic.ageNanos(now));
        FramingWatch.Verdict verdict = FramingWatch.verdictOf(watch, kind);
        return new TruncationEvent(kind, transport, stack, role, host, address, port, localPort,
                protocol, cipher, midRecord, exchange, verdict.harm(), verdict.framing(), bytesIn, bytesOut,
                quietMs, ageMs, withCallSite ? CallSite.find() : null);
    }
}
