package dev.closenotify.it.libs;

/**
 * Apache HttpClient 5 async over HttpCore 5's {@code SSLIOSession}, which never calls
 * {@code closeInbound()}: the agent's hook stands where the session hands the end of stream to
 * the HTTP layer ({@code stack=httpcore5}). Under {@code throw} the agent's exception is raised
 * there, so the exchange fails instead of completing a cut close-delimited body.
 */
class ApacheAsync5IT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.apacheAsync5();
    }

    @Override
    protected String transport() {
        return "engine";
    }

    @Override
    protected String stack() {
        return "httpcore5";
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(org.apache.hc.core5.http.ConnectionClosedException.class,
                "HttpCore's own framing reports a short Content-Length body");
    }

    /** Its default retry strategy sends the GET once more after the chunked body failed. */
    @Override
    protected int connectionsForCutChunked() {
        return 2;
    }

    @Override
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        // The reactor reads idle pooled connections: the close is found at once.
        noticedWhileIdle(client, events);
    }
}
