package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closenotify.it.libs.TlsHttpServer.Plan;
import java.util.List;
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

    @Override
    protected String stack() {
        return "jsse-socket";
    }

    /*
     * Apache writes the next request on the dropped connection and reads EOF (exchange=awaiting,
     * harm=none between-messages). A plain EOF becomes NoHttpResponseException, which its retry
     * strategy retries; the agent's SSLProtocolException is an SSLException, which it never
     * retries. With the default closenotify.throw.harm (silent,unknown) the agent does not throw
     * for harm=none, so the contract's default holds: the next request succeeds. An operator who
     * lists none in throw.harm gets the old trade-off back, and throw.awaiting=false undoes it.
     */

    @Test
    void harmlessAwaitingCloseThrowsOnlyWhenNoneIsListedAndNotExempt() throws Exception {
        String harm = System.getProperty("closenotify.throw.harm");
        String awaiting = System.getProperty("closenotify.throw.awaiting");
        System.setProperty("closenotify.throw.harm", "silent,unknown,none");
        try {
            for (String exempt : List.of("true", "false")) {
                System.setProperty("closenotify.throw.awaiting", exempt);
                try (TlsHttpServer own = TlsHttpServer.start()) {
                    own.plan(Plan.keepAlive(SMALL));
                    try (AgentEvents events = AgentEvents.capture("throw"); Client client = open()) {
                        Outcome.of(() -> client.get(own.uri("/first"))).assertBody(SMALL, "keep-alive");
                        long last = System.nanoTime();
                        IdleThreshold.waitPast(last);
                        assertEquals(1, own.closeIdleConnectionsWithoutCloseNotify());
                        Outcome outcome = Outcome.of(() -> client.get(own.uri("/second")));
                        AgentEvent event = events.assertOneHarmlessIdleClose("client", transport(), "content-length");
                        assertEquals("awaiting", event.exchange(), event.line());
                        if (exempt.equals("true")) {
                            outcome.assertFailedWith(SSLProtocolException.class, "throw.harm lists none and"
                                    + " throw.awaiting=true: the request sent on the dropped connection fails");
                            assertEquals(1, events.delta().thrown());
                        } else {
                            outcome.assertBody(SMALL, "with closenotify.throw.awaiting=false Apache retries"
                                    + " as without the agent");
                            assertEquals(0, events.delta().thrown());
                        }
                    }
                }
            }
        } finally {
            restore("closenotify.throw.harm", harm);
            restore("closenotify.throw.awaiting", awaiting);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        ConnectionClosedException e = outcome.assertFailedWith(ConnectionClosedException.class,
                "HttpCore's own framing reports a short Content-Length body");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Premature end"), e.getMessage());
    }
}
