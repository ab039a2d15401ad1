package dev.closenotify.it.libs;

/**
 * {@code HttpsURLConnection} (the JDK's {@code sun.net.www.protocol.https}): SSLSocket, so the
 * agent's {@code handleEOF} hook sees every bare EOF in the reading thread.
 *
 * <p>Observed: a close-delimited body cut by a FIN is returned as complete; a Content-Length body cut
 * short is returned as complete on JDK 17 and fails with "Premature EOF" on JDK 25; a pooled
 * connection the server closed idle is found at reuse (the request is written, EOF is read, the
 * request is retried once on a new connection), so its event says exchange=awaiting.
 */
class HttpsUrlConnectionIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.httpsUrlConnection();
    }

    @Override
    protected String transport() {
        return "socket";
    }

    @Override
    protected String stack() {
        return "jsse-socket";
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        if (Runtime.version().feature() >= 25) {
            // Observed on 25: sun.net.www.MeteredStream compares with Content-Length.
            java.io.IOException e = outcome.assertFailedWith(java.io.IOException.class,
                    "HttpURLConnection on JDK 25 checks Content-Length");
            org.junit.jupiter.api.Assertions.assertEquals("Premature EOF", e.getMessage());
        } else {
            // Observed on 17 (17.0.15): no length check, a short body reads as complete; only the
            // agent (and throw) tells.
            outcome.assertBody(CUT, "HttpURLConnection on JDK 17 hands over a short Content-Length body");
        }
    }
}
