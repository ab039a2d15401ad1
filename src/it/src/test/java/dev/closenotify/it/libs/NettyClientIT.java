package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.closenotify.it.libs.TlsHttpServer.Plan;
import org.junit.jupiter.api.Test;

/**
 * Netty 4.2 {@code SslHandler} with the JDK provider (SunJSSE SSLEngine), client side, with
 * {@code HttpClientCodec} and {@code HttpObjectAggregator} as a Netty HTTP client would have them.
 * The agent's Netty hook ({@code SslHandler.channelInactive}) reports, {@code stack=netty}; the
 * engine's own {@code closeInbound} hook, which Netty calls next, stays quiet (one event).
 *
 * <p>Netty swallows the JDK's "closing inbound before receiving peer's close_notify" and fails its
 * {@code sslCloseFuture()} instead (with a ClosedChannelException); the aggregator completes a
 * close-delimited body at channelInactive. So the application accepts the cut body, also under
 * {@code throw}: the agent does not change engines. What a Netty application can look at is
 * {@code sslCloseFuture()}: checked here too.
 */
class NettyClientIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return newClient();
    }

    /** The client of this library set-up (the OpenSSL variant overrides it). */
    protected Clients.NettyHttpClient newClient() throws Exception {
        return new Clients.NettyHttpClient();
    }

    @Override
    protected String transport() {
        return "engine";
    }

    @Override
    protected String stack() {
        return "netty";
    }

    @Override
    protected void assertThrowOutcome(Outcome outcome, AgentEvents events) {
        outcome.assertBody(CUT, "Netty swallows the JDK's closeInbound exception; the agent does"
                + " not change engines, so throw cannot stop Netty from accepting the cut body");
        assertEquals(0, events.delta().thrown(), "nothing is thrown by the agent for engines");
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(io.netty.handler.codec.PrematureChannelClosureException.class,
                "Netty's HTTP decoder reports a short Content-Length body");
    }

    @Override
    protected void assertChunkedCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(io.netty.handler.codec.PrematureChannelClosureException.class,
                "Netty's aggregator reports a chunked body cut inside its chunk");
    }

    @Override
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        // Netty reads all the time: the idle close reaches channelInactive (closeInbound) at once.
        noticedWhileIdle(client, events);
    }

    @Test
    void sslCloseFutureTellsTheCutFromTheProperClose() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            server.plan(Plan.cutCloseDelimited(BODY, CUT));
            Throwable cut;
            try (Clients.NettyHttpClient client = newClient()) {
                client.get(server.uri("/cut"));
                client.awaitInactive();
                cut = client.sslCloseCause();
            }
            server.plan(Plan.properCloseDelimited(BODY));
            Throwable proper;
            try (Clients.NettyHttpClient client = newClient()) {
                client.get(server.uri("/whole"));
                client.awaitInactive();
                proper = client.sslCloseCause();
            }
            server.awaitAllEnded();
            assertNotNull(cut, "sslCloseFuture must fail when the peer sent no close_notify");
            assertNull(proper, "sslCloseFuture succeeds on a received close_notify");
            assertEquals(1, events.events().size(), "one event, for the cut only: " + events.events());
        }
    }

    @Test
    void theNettyHookIsApplied() throws Exception {
        server.plan(Plan.properCloseDelimited(SMALL));
        try (Clients.NettyHttpClient client = newClient()) {
            client.get(server.uri("/hooks"));
        }
        server.awaitAllEnded();
        AgentEvents.assertApplied("SslHandler.channelInactive");
    }
}
