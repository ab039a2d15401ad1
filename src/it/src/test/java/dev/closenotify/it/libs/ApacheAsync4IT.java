package dev.closenotify.it.libs;

/**
 * HttpAsyncClient 4.1 over httpcore-nio 4.4's {@code SSLIOSession} (the Elasticsearch low-level
 * REST client's stack), which never calls {@code closeInbound()}: the agent's hook stands where
 * {@code readPlain} returns the end of stream to the HTTP decoder ({@code stack=httpcore4}).
 */
class ApacheAsync4IT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.apacheAsync4();
    }

    @Override
    protected String transport() {
        return "engine";
    }

    @Override
    protected String stack() {
        return "httpcore4";
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(org.apache.http.ConnectionClosedException.class,
                "httpcore-nio's own framing reports a short Content-Length body");
    }

    @Override
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        noticedWhileIdle(client, events);
    }
}
