package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.it.libs.TlsHttpServer.Plan;
import javax.net.ssl.SSLProtocolException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 5 classic (blocking) over the JDK's SSLSocket: the agent's {@code handleEOF}
 * hook. Default configuration apart from the trust material.
 *
 * <p>Observed: a close-delimited body cut by a FIN is returned as complete; a Content-Length body
 * cut short is reported by HttpCore's own framing ({@code ConnectionClosedException: Premature end
 * of Content-Length delimited message body}), the agent reports it as well.
 */
class ApacheClassicIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.apacheClassic();
    }

    @Override
    protected String transport() {
        return "socket";
    }

    /**
     * Apache writes the next request on the dropped connection and reads EOF (exchange=awaiting).
     * A plain EOF becomes NoHttpResponseException, which its retry strategy retries; the agent's
     * SSLProtocolException is an SSLException, which it never retries. So under {@code throw}, with
     * the default {@code closenotify.throw.awaiting=true}, that request fails: documented in the
     * README, and the reason the exemption exists.
     */
    @Override
    protected void afterIdleCloseUnderThrow(Client client, AgentEvents events) throws Exception {
        Outcome outcome = Outcome.of(() -> client.get(server.uri("/second")));
        outcome.assertFailedWith(SSLProtocolException.class,
                "throw (throw.awaiting=true) fails a request sent on a connection the peer dropped");
        assertEquals("awaiting", events.await(1).get(0).exchange());
    }

    @Test
    void awaitingExemptionLetsApacheRetryAfterAnIdleCloseUnderThrow() throws Exception {
        String before = System.getProperty("closenotify.throw.awaiting");
        System.setProperty("closenotify.throw.awaiting", "false");
        server.plan(Plan.keepAlive(SMALL));
        try (AgentEvents events = AgentEvents.capture("throw"); Client client = open()) {
            Outcome.of(() -> client.get(server.uri("/first"))).assertBody(SMALL, "keep-alive");
            long last = System.nanoTime();
            IdleThreshold.waitPast(last);
            assertEquals(1, server.closeIdleConnectionsWithoutCloseNotify());
            Outcome.of(() -> client.get(server.uri("/second"))).assertBody(SMALL,
                    "with closenotify.throw.awaiting=false Apache retries as without the agent");
            AgentEvent event = events.assertOneIdleCloseTruncation("client", transport());
            assertEquals("awaiting", event.exchange());
            assertTrue(event.line().contains("kind=truncated"), event.line());
        } finally {
            if (before == null) {
                System.clearProperty("closenotify.throw.awaiting");
            } else {
                System.setProperty("closenotify.throw.awaiting", before);
            }
        }
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        ConnectionClosedException e = outcome.assertFailedWith(ConnectionClosedException.class,
                "HttpCore's own framing reports a short Content-Length body");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Premature end"), e.getMessage());
    }
}
