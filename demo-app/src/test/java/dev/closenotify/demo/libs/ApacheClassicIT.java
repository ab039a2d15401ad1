package dev.closenotify.demo.libs;

import org.apache.hc.core5.http.ConnectionClosedException;

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
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        ConnectionClosedException e = outcome.assertFailedWith(ConnectionClosedException.class,
                "HttpCore's own framing reports a short Content-Length body");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Premature end"), e.getMessage());
    }
}
