package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.LoggerFactory;

/**
 * What the agent, attached to this very JVM by the {@code library-its} failsafe execution, reported
 * during one test case: its log lines on the {@code closenotify} logger (caught by a logback
 * {@link ListAppender}) and the deltas of its MBean counters.
 *
 * <p>Opening a capture switches {@code closenotify.policy} at run time; closing it restores the
 * previous value and detaches the appender. Only one capture may be open at a time.
 */
final class AgentEvents implements AutoCloseable {

    static final String POLICY = "closenotify.policy";
    static final String MBEAN = "closenotify:type=Agent";
    /** How long a test waits for an event that must come; never a timing assertion. */
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(5);

    private final String previousPolicy;
    private final Logger logger;
    private final Appender appender = new Appender();
    private final Counters before;

    private AgentEvents(String policy) {
        this.before = Counters.read();
        this.logger = (Logger) LoggerFactory.getLogger("closenotify");
        logger.setLevel(Level.INFO);
        appender.setName("library-it-capture");
        appender.start();
        logger.addAppender(appender);
        this.previousPolicy = System.getProperty(POLICY);
        System.setProperty(POLICY, policy);
    }

    /** Opens a capture under {@code policy} (log or throw: count writes no lines). */
    static AgentEvents capture(String policy) {
        return new AgentEvents(policy);
    }

    /** All lines so far. */
    List<AgentEvent> events() {
        return appender.snapshot();
    }

    /**
     * Waits until at least {@code n} lines have been logged and returns all of them. Fails, listing
     * what did arrive, if they do not come within {@link #EVENT_TIMEOUT}.
     */
    List<AgentEvent> await(int n) {
        List<AgentEvent> seen = appender.awaitAtLeast(n, EVENT_TIMEOUT);
        if (seen.size() < n) {
            fail("expected at least " + n + " agent event(s) within " + EVENT_TIMEOUT.toSeconds()
                    + " s, got " + seen.size() + ": " + seen + "; counter deltas " + delta()
                    + "; agent hooks: " + Counters.hooks());
        }
        return seen;
    }

    /**
     * Waits for exactly one event and checks it is a truncation in the middle of an exchange, as
     * every cut response or request must be reported.
     */
    /**
     * The MBean's {@code Hooks} says {@code <hook>=applied}, and each tracked class named says
     * {@code tracking <class>=applied}: a hook that silently did not apply looks like "no
     * truncation".
     */
    static void assertApplied(String hook, String... trackedClasses) {
        String hooks = Counters.hooks();
        assertTrue((", " + hooks + ",").contains(", " + hook + "=applied,"), hook + " in " + hooks);
        for (String tracked : trackedClasses) {
            assertTrue((", " + hooks + ",").contains(", tracking " + tracked + "=applied,"),
                    "tracking " + tracked + " in " + hooks);
        }
    }

    AgentEvent assertOneMidStreamTruncation(String role, String transport) {
        List<AgentEvent> events = await(1);
        assertEquals(1, events.size(), "exactly one event expected: " + events);
        AgentEvent e = events.get(0);
        assertEquals("truncated", e.kind(), e.line());
        assertEquals(role, e.role(), e.line());
        assertEquals(transport, e.transport(), e.line());
        Counters d = delta();
        assertEquals(1, d.truncations(), "MBean Truncations delta: " + d);
        assertEquals(0, d.handshakeEofs() + d.afterLocalClose(), "other counters: " + d);
        // Last, so that without the exchange field (before it is merged) only this check fails.
        assertEquals("mid-stream", e.exchange(), "a cut exchange must say exchange=mid-stream: " + e.line());
        return e;
    }

    /**
     * {@link #assertOneMidStreamTruncation} with the harm verdict of issue 11: exactly
     * {@code harm} and {@code framing}, the level that harm calls for, and the one harm counter
     * that must move.
     */
    AgentEvent assertOneMidStreamTruncation(String role, String transport, String harm, String framing) {
        AgentEvent e = assertOneMidStreamTruncation(role, transport);
        assertVerdict(e, harm, framing);
        return e;
    }

    /**
     * For a library that retries a failed request on a new connection: exactly {@code n} events,
     * one per cut connection, each a mid-stream truncation with this verdict.
     */
    List<AgentEvent> assertMidStreamTruncations(int n, String role, String transport, String harm,
            String framing) {
        if (n == 1) {
            return List.of(assertOneMidStreamTruncation(role, transport, harm, framing));
        }
        List<AgentEvent> events = await(n);
        assertEquals(n, events.size(), "one event per cut connection: " + events);
        for (AgentEvent e : events) {
            assertEquals("truncated", e.kind(), e.line());
            assertEquals(role, e.role(), e.line());
            assertEquals(transport, e.transport(), e.line());
            assertEquals("mid-stream", e.exchange(), e.line());
            assertEquals(harm + " " + framing, e.harm() + " " + e.framing(), e.line());
            assertEquals(expectedLevel(e.kind(), harm), e.level(), e.line());
        }
        Counters d = delta();
        assertEquals(n, d.truncations(), "MBean Truncations delta: " + d);
        assertEquals(n, d.harmsOrFail().sum(), "harm counters: " + d);
        return events;
    }

    /**
     * Waits for exactly one event and checks it is what an idle keep-alive close without
     * close_notify must give: kind=truncated, and never exchange=mid-stream.
     */
    AgentEvent assertOneIdleCloseTruncation(String role, String transport) {
        List<AgentEvent> events = await(1);
        assertEquals(1, events.size(), "exactly one event expected: " + events);
        AgentEvent e = events.get(0);
        assertEquals("truncated", e.kind(), e.line());
        assertEquals(role, e.role(), e.line());
        assertEquals(transport, e.transport(), e.line());
        assertEquals(1, delta().truncations(), "MBean Truncations delta: " + delta());
        // Last, so that without the exchange field (before it is merged) only this check fails.
        assertNotNull(e.exchange(), "no exchange= field: " + e.line());
        assertNotEquals("mid-stream", e.exchange(), "an idle keep-alive close is never mid-stream: " + e.line());
        assertTrue(List.of("idle", "awaiting").contains(e.exchange()), e.line());
        return e;
    }

    /**
     * An idle keep-alive close with the harm verdict: nothing was cut, so {@code harm=none} at
     * INFO. A client that found the close while idle had seen the whole last response
     * ({@code lastFraming}, how it was delimited); one that found it after writing its next
     * request was waiting for a response that never began ({@code between-messages}).
     */
    AgentEvent assertOneHarmlessIdleClose(String role, String transport, String lastFraming) {
        AgentEvent e = assertOneIdleCloseTruncation(role, transport);
        assertVerdict(e, "none", e.exchange().equals("awaiting") ? "between-messages" : lastFraming);
        return e;
    }

    /**
     * The harm verdict of one event that is the only one of its case: the fields (right after
     * {@code exchange=}, in that order), the log level the rule gives, and the counters: each
     * truncation moves exactly the one harm counter of its verdict, other kinds move none.
     */
    void assertVerdict(AgentEvent e, String harm, String framing) {
        assertEquals(harm + " " + framing, e.harm() + " " + e.framing(), "harm and framing: " + e.line());
        List<String> order = e.order();
        int at = order.indexOf("exchange");
        assertTrue(at >= 0 && order.size() > at + 2 && order.get(at + 1).equals("harm")
                && order.get(at + 2).equals("framing"), "harm= and framing= right after exchange=: " + e.line());
        assertEquals(expectedLevel(e.kind(), harm), e.level(), "log level of " + e.line());
        Counters d = delta();
        Harms h = d.harmsOrFail();
        boolean truncated = e.kind().equals("truncated");
        Harms expected = truncated ? Harms.one(harm) : new Harms(0, 0, 0, 0);
        assertEquals(expected, h, "harm counter deltas for " + e.line() + "; all: " + d);
        assertEquals(d.truncations(), h.sum(), "the harm counters add up to Truncations: " + d);
    }

    /**
     * WARN for a truncation that cut, or may have cut, a message (silent, detected, unknown);
     * INFO for a harmless truncation and for the other kinds (issue 11).
     */
    static String expectedLevel(String kind, String harm) {
        return kind.equals("truncated") && !harm.equals("none") ? "WARN" : "INFO";
    }

    /**
     * After a complete response and a FIN without close_notify: the library may never read that
     * EOF (no event), or read it and get a harmless truncation at INFO, {@code harm=none} with the
     * framing of the response it had read whole. Nothing thrown either way.
     */
    void assertNoneOrHarmless(String framing) {
        Counters d = delta();
        assertEquals(0, d.thrown(), "nothing may be thrown after a complete response: " + d);
        if (d.truncations() + d.handshakeEofs() + d.afterLocalClose() == 0 && events().isEmpty()) {
            return;
        }
        // Counted: its line is on the way (the agent logs from its own thread).
        List<AgentEvent> events = await(1);
        assertEquals(1, events.size(), "at most one event: " + events);
        AgentEvent e = events.get(0);
        // Its exchange= may well be mid-stream (bytes arrived since the last write): a hint,
        // which the harm verdict is there to settle. The FIN races the client's own close of its
        // pool: a client that closed first sees after-local-close, as it should.
        assertTrue(e.kind().equals("truncated") || e.kind().equals("after-local-close"), e.line());
        assertVerdict(e, "none", framing);
    }

    /** Nothing logged and no counter moved (call after the case's own barrier). */
    void assertNone() {
        List<AgentEvent> events = events();
        assertEquals(List.of(), events, "a proper close must give no event");
        Counters d = delta();
        assertEquals(0, d.truncations() + d.handshakeEofs() + d.afterLocalClose() + d.thrown(),
                "MBean counters must not move: " + d);
        if (d.harms() != null) {
            assertEquals(new Harms(0, 0, 0, 0), d.harms(), "MBean harm counters must not move: " + d);
        }
    }

    Counters delta() {
        return Counters.read().minus(before);
    }

    @Override
    public void close() {
        if (previousPolicy == null) {
            System.clearProperty(POLICY);
        } else {
            System.setProperty(POLICY, previousPolicy);
        }
        logger.detachAppender(appender);
        appender.stop();
    }

    /**
     * The agent's MBean counters. {@code harms} is null when the MBean has no harm counters (an
     * agent from before issue 11): only the checks of the harm verdict need them.
     */
    record Counters(long truncations, long handshakeEofs, long afterLocalClose, long thrown, Harms harms) {

        static Counters read() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName(MBEAN);
                // The agent registers its MBean when TLS is first used or 1 s after start-up.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!server.isRegistered(name) && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (!server.isRegistered(name)) {
                    fail("the agent's MBean " + MBEAN + " is not registered: this JVM runs without"
                            + " the agent; run the library tests through Maven (./test, or mvn verify),"
                            + " whose library-its execution attaches the agent jar under test");
                }
                Harms harms = null;
                try {
                    harms = new Harms((Long) server.getAttribute(name, "SilentTruncations"),
                            (Long) server.getAttribute(name, "DetectedTruncations"),
                            (Long) server.getAttribute(name, "HarmlessTruncations"),
                            (Long) server.getAttribute(name, "UnknownHarmTruncations"));
                } catch (javax.management.AttributeNotFoundException absent) {
                    // an agent without the harm counters: harmsOrFail() says so where it matters
                }
                return new Counters((Long) server.getAttribute(name, "Truncations"),
                        (Long) server.getAttribute(name, "HandshakeEofs"),
                        (Long) server.getAttribute(name, "AfterLocalClose"),
                        (Long) server.getAttribute(name, "Thrown"), harms);
            } catch (javax.management.JMException e) {
                throw new IllegalStateException(e);
            }
        }

        static String hooks() {
            try {
                return (String) ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName(MBEAN), "Hooks");
            } catch (javax.management.JMException e) {
                throw new IllegalStateException(e);
            }
        }

        Harms harmsOrFail() {
            assertNotNull(harms, "the agent's MBean has no SilentTruncations, DetectedTruncations,"
                    + " HarmlessTruncations, UnknownHarmTruncations attributes");
            return harms;
        }

        Counters minus(Counters o) {
            Harms h = harms == null || o.harms == null ? null : harms.minus(o.harms);
            return new Counters(truncations - o.truncations, handshakeEofs - o.handshakeEofs,
                    afterLocalClose - o.afterLocalClose, thrown - o.thrown, h);
        }
    }

    /** The MBean's truncations by harm: SilentTruncations, DetectedTruncations, HarmlessTruncations, UnknownHarmTruncations. */
    record Harms(long silent, long detected, long harmless, long unknown) {

        /** One truncation of this harm (the id the log line uses). */
        static Harms one(String harm) {
            return switch (harm) {
                case "silent" -> new Harms(1, 0, 0, 0);
                case "detected" -> new Harms(0, 1, 0, 0);
                case "none" -> new Harms(0, 0, 1, 0);
                case "unknown" -> new Harms(0, 0, 0, 1);
                default -> throw new IllegalArgumentException("not a harm: " + harm);
            };
        }

        long sum() {
            return silent + detected + harmless + unknown;
        }

        Harms minus(Harms o) {
            return new Harms(silent - o.silent, detected - o.detected, harmless - o.harmless,
                    unknown - o.unknown);
        }
    }

    /** A ListAppender that can be waited on; the agent logs from library threads. */
    private static final class Appender extends ListAppender<ILoggingEvent> {

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition added = lock.newCondition();

        @Override
        protected void append(ILoggingEvent event) {
            lock.lock();
            try {
                super.append(event);
                added.signalAll();
            } finally {
                lock.unlock();
            }
        }

        List<AgentEvent> snapshot() {
            lock.lock();
            try {
                return list.stream()
                        .map(e -> AgentEvent.parse(e.getLevel().toString(), e.getFormattedMessage()))
                        .collect(Collectors.toCollection(ArrayList::new));
            } finally {
                lock.unlock();
            }
        }

        List<AgentEvent> awaitAtLeast(int n, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            lock.lock();
            try {
                while (list.size() < n) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    added.await(left, TimeUnit.NANOSECONDS);
                }
                return snapshot();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                lock.unlock();
            }
        }
    }
}
