package dev.closenotify.demo.libs;

/**
 * {@code HttpsURLConnection} (the JDK's {@code sun.net.www.protocol.https}): SSLSocket, so the
 * agent's {@code handleEOF} hook sees every bare EOF in the reading thread.
 *
 * <p>Observed: a close-delimited body cut by a FIN is returned as complete, and so is a
 * Content-Length body cut short (the JDK does not check the length); a pooled
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
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        // Observed on 17 and 25: the JDK does not compare what it read with Content-Length either;
        // a short body reads as complete. Only the agent (and throw) tells.
        outcome.assertBody(CUT, "HttpURLConnection hands over a short Content-Length body");
    }
}
