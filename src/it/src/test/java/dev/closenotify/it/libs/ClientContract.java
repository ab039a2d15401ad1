package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.closenotify.it.libs.TlsHttpServer.Plan;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases every HTTP client library goes through against {@link TlsHttpServer}, in this JVM with
 * the agent attached. A subclass says how its library makes a request and what the library itself
 * does where libraries differ (the {@code throw} policy on engines, Content-Length framing, how an
 * idle close is noticed).
 *
 * <ul>
 * <li>a close-delimited body cut by a FIN: one {@code kind=truncated exchange=mid-stream} event,
 * while the library hands the cut body to the application as complete;</li>
 * <li>the same under {@code throw};</li>
 * <li>the same body ended properly (close_notify, FIN): zero events;</li>
 * <li>a Content-Length body cut by a FIN: the library's own framing, and the agent's event;</li>
 * <li>a keep-alive connection the server closes idle without close_notify: one
 * {@code kind=truncated} event that is never {@code exchange=mid-stream}, and the next request
 * still works (also under {@code throw}).</li>
 * </ul>
 *
 * <p>And the harm verdict of issue 11 on each: the close-delimited cut is {@code harm=silent}, the
 * Content-Length and chunked cuts {@code harm=detected}, a whole response followed by a FIN and an
 * idle close {@code harm=none} (at INFO) or no event; under {@code throw} with the default
 * {@code closenotify.throw.harm} (silent,unknown) only the silent cut makes the agent throw, and
 * only where it can (sockets, the JDK HttpClient's reader; never engines: {@link #assertThrowOutcome}).
 */
abstract class ClientContract {

    static final int BODY = 20_000;
    static final int CUT = 6_000;
    static final int SMALL = 512;

    /** One client instance of the library under test. */
    interface Client extends AutoCloseable {
        byte[] get(URI uri) throws Exception;
    }

    /** A fresh server per case: a pooled connection can never carry over into the next case. */
    TlsHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TlsHttpServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        // Whatever the client still pools is ended with close_notify: no late bare EOF can show
        // up in the next case's capture.
        server.close();
    }

    protected abstract Client open() throws Exception;

    /** socket or engine: which agent hook the library reaches. */
    protected abstract String transport();

    /** The event's {@code stack}: whose code met the EOF (jsse-socket, jsse-engine, ...). */
    protected abstract String stack();

    /** Under {@code throw}, what the application gets for a cut close-delimited body. */
    protected void assertThrowOutcome(Outcome outcome, AgentEvents events) {
        outcome.assertAgentThrew();
        assertEquals(1, events.delta().thrown(), "MBean Thrown delta");
    }

    /** What the library's own framing does with a cut Content-Length body. */
    protected abstract void assertContentLengthCutOutcome(Outcome outcome);

    /**
     * After the server closed the idle pooled connection: make the library notice, and make the
     * next request, which must succeed. By default the next request is what makes a socket
     * library find the close (it reuses the connection, reads EOF, retries on a new one).
     */
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        Outcome.of(() -> client.get(server.uri("/second"))).assertBody(SMALL,
                "the request after an idle close must still succeed");
    }

    /**
     * For libraries that read from idle pooled connections (engine-based ones): they find the
     * close by themselves. Waits until the library has closed the connection on its side (so it is
     * out of its pool) and the agent has reported it; then the next request.
     */
    protected void noticedWhileIdle(Client client, AgentEvents events) throws Exception {
        TlsHttpServer.awaitEnded(server.connections().get(0));
        events.await(1);
        Outcome.of(() -> client.get(server.uri("/second"))).assertBody(SMALL,
                "the request after an idle close must still succeed");
    }

    @Test
    void cutCloseDelimitedBodyIsOneMidStreamTruncation() throws Exception {
        server.plan(Plan.cutCloseDelimited(BODY, CUT));
        try (AgentEvents events = AgentEvents.capture("log")) {
            try (Client client = open()) {
                Outcome.of(() -> client.get(server.uri("/cut")))
                        .assertBody(CUT, "without throw the library hands over the cut body as complete");
            }
            server.awaitAllEnded();
            AgentEvent e = events.assertOneMidStreamTruncation("client", transport(), "silent",
                    "close-delimited");
            assertEquals(stack(), e.fields().get("stack"), e.line());
            assertEquals(List.of("transport", "stack"),
                    e.order().subList(e.order().indexOf("transport"), e.order().indexOf("transport") + 2),
                    "stack= right after transport=: " + e.line());
        }
    }

    @Test
    void cutCloseDelimitedBodyUnderThrow() throws Exception {
        server.plan(Plan.cutCloseDelimited(BODY, CUT));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            Outcome outcome;
            try (Client client = open()) {
                outcome = Outcome.of(() -> client.get(server.uri("/cut-throw")));
            }
            server.awaitAllEnded();
            assertThrowOutcome(outcome, events);
            events.assertOneMidStreamTruncation("client", transport(), "silent", "close-delimited");
        }
    }

    @Test
    void properlyClosedCloseDelimitedBodyGivesNoEvent() throws Exception {
        server.plan(Plan.properCloseDelimited(BODY));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            try (Client client = open()) {
                Outcome.of(() -> client.get(server.uri("/whole"))).assertBody(BODY, "a proper close");
            }
            server.awaitAllEnded();
            events.assertNone();
        }
    }

    @Test
    void cutContentLengthBodyIsReportedByTheLibraryAndTheAgent() throws Exception {
        server.plan(Plan.cutContentLength(BODY, CUT));
        try (AgentEvents events = AgentEvents.capture("log")) {
            Outcome outcome;
            try (Client client = open()) {
                outcome = Outcome.of(() -> client.get(server.uri("/cut-length")));
            }
            server.awaitAllEnded();
            assertContentLengthCutOutcome(outcome);
            events.assertOneMidStreamTruncation("client", transport(), "detected", "content-length");
        }
    }

    /**
     * Under {@code throw} the default {@code closenotify.throw.harm} leaves a detected cut to the
     * library: it fails exactly as without the agent, by its own framing, and the agent throws
     * nothing.
     */
    @Test
    void cutContentLengthBodyUnderThrowIsLeftToTheLibrary() throws Exception {
        server.plan(Plan.cutContentLength(BODY, CUT));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            Outcome outcome;
            try (Client client = open()) {
                outcome = Outcome.of(() -> client.get(server.uri("/cut-length-throw")));
            }
            server.awaitAllEnded();
            // The event first: a failure below must not leave it to the next case.
            events.assertOneMidStreamTruncation("client", transport(), "detected", "content-length");
            assertContentLengthCutOutcome(outcome);
            assertEquals(0, events.delta().thrown(), "harm=detected is not in the default throw.harm");
        }
    }

    /**
     * How many connections the library uses for a GET whose chunked body is cut: 2 for a library
     * that retries it once on a new connection (the server cuts that one too).
     */
    protected int connectionsForCutChunked() {
        return 1;
    }

    /** What the library's own framing does with a chunked body cut inside its chunk. */
    protected void assertChunkedCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(java.io.IOException.class, "the library's own chunked parser sees the cut");
        assertNull(outcome.find(javax.net.ssl.SSLProtocolException.class),
                () -> "not the agent's exception:\n" + Outcome.stack(outcome.error()));
    }

    @Test
    void cutChunkedBodyIsDetectedAndLeftToTheLibraryUnderThrow() throws Exception {
        server.plan(Plan.cutChunked(BODY, CUT));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            Outcome outcome;
            try (Client client = open()) {
                outcome = Outcome.of(() -> client.get(server.uri("/cut-chunked")));
            }
            server.awaitAllEnded();
            assertEquals(connectionsForCutChunked(), server.connections().size(),
                    "connections the library opened: " + server.connections());
            // The events first: a failure below must not leave them to the next case.
            events.assertMidStreamTruncations(connectionsForCutChunked(), "client", transport(),
                    "detected", "chunked");
            assertChunkedCutOutcome(outcome);
            assertEquals(0, events.delta().thrown(), "harm=detected is not in the default throw.harm");
        }
    }

    /**
     * A whole Content-Length response, then a FIN without close_notify: nothing was lost. Under
     * {@code throw} the application gets the whole body; the agent reports nothing or harm=none.
     */
    @Test
    void wholeContentLengthResponseThenFinUnderThrow() throws Exception {
        server.plan(Plan.wholeContentLengthThenFin(BODY));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            try (Client client = open()) {
                Outcome.of(() -> client.get(server.uri("/whole-length"))).assertBody(BODY,
                        "a whole Content-Length body must not fail under throw");
            }
            server.awaitAllEnded();
            events.assertNoneOrHarmless("content-length");
        }
    }

    @Test
    void wholeChunkedResponseThenFinUnderThrow() throws Exception {
        server.plan(Plan.wholeChunkedThenFin(BODY));
        try (AgentEvents events = AgentEvents.capture("throw")) {
            try (Client client = open()) {
                Outcome.of(() -> client.get(server.uri("/whole-chunked"))).assertBody(BODY,
                        "a whole chunked body must not fail under throw");
            }
            server.awaitAllEnded();
            events.assertNoneOrHarmless("chunked");
        }
    }

    /**
     * A server that reads the ClientHello and closes TCP without a word: every connection the
     * library makes for the request gives one {@code handshake-eof} (a library may retry), and
     * the request fails.
     */
    @Test
    void eofDuringTheHandshakeIsHandshakeEof() throws Exception {
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 50, TestTls.LOOPBACK);
                AgentEvents events = AgentEvents.capture("log")) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!mute.isClosed()) {
                    try (java.net.Socket s = mute.accept()) {
                        accepted.incrementAndGet();
                        s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                        s.getInputStream().read(new byte[512]); // The ClientHello's first bytes.
                        s.shutdownOutput(); // FIN, no alert.
                        s.getInputStream().readAllBytes(); // Until the client closes.
                    } catch (java.io.IOException e) {
                        // The client reset, or the test closed the listener.
                    }
                }
            }, "mute-server");
            acceptor.setDaemon(true);
            acceptor.start();
            Outcome outcome;
            try (Client client = open()) {
                outcome = Outcome.of(() -> client.get(
                        URI.create("https://127.0.0.1:" + mute.getLocalPort() + "/handshake")));
            }
            if (outcome.error() == null) {
                throw new AssertionError("a request whose handshake was cut must fail");
            }
            // No more connections: then every accepted one has been answered with its FIN.
            mute.close();
            acceptor.join(TlsHttpServer.TIMEOUT_MILLIS);
            int n = accepted.get();
            List<AgentEvent> seen = events.await(n);
            assertEquals(n, seen.size(), "one event per connection (" + n + "): " + seen);
            for (AgentEvent e : seen) {
                assertEquals("handshake-eof", e.kind(), e.line());
                assertEquals("client", e.role(), e.line());
                assertEquals(transport(), e.transport(), e.line());
                assertEquals(stack(), e.fields().get("stack"), e.line());
            }
            assertEquals(n, events.delta().handshakeEofs(), "MBean HandshakeEofs delta");
        }
    }

    @Test
    void idleKeepAliveCloseWithoutCloseNotifyIsNeverMidStream() throws Exception {
        idleKeepAliveClose("log");
    }

    @Test
    void idleKeepAliveCloseUnderThrowDoesNotBreakTheNextRequest() throws Exception {
        idleKeepAliveClose("throw");
    }

    /**
     * Under {@code throw}, after the server dropped a pooled connection without close_notify.
     * Default: the library notices or retries and the next request succeeds.
     */
    protected void afterIdleCloseUnderThrow(Client client, AgentEvents events) throws Exception {
        afterIdleClose(client, events);
    }

    private void idleKeepAliveClose(String policy) throws Exception {
        server.plan(Plan.keepAlive(SMALL));
        try (AgentEvents events = AgentEvents.capture(policy)) {
            try (Client client = open()) {
                Outcome.of(() -> client.get(server.uri("/first"))).assertBody(SMALL, "keep-alive");
                long last = System.nanoTime();
                assertEquals(List.of(), events.events(), "a keep-alive exchange gives no event");
                IdleThreshold.waitPast(last);
                assertEquals(1, server.closeIdleConnectionsWithoutCloseNotify(),
                        "the first connection must be pooled, idle: " + server.connections());
                if (policy.equals("throw")) {
                    afterIdleCloseUnderThrow(client, events);
                } else {
                    afterIdleClose(client, events);
                }
                // The keep-alive responses had a Content-Length: nothing was cut, and harm=none is
                // not in the default throw.harm.
                events.assertOneHarmlessIdleClose("client", transport(), "content-length");
                assertEquals(0, events.delta().thrown(), "MBean Thrown delta");
            }
        }
    }
}
