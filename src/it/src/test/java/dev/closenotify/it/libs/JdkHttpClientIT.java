package dev.closenotify.it.libs;

import java.io.IOException;

/**
 * {@code java.net.http.HttpClient}: SSLEngine driven by {@code SSLFlowDelegate}, which never calls
 * {@code closeInbound()}; the agent needs its own hook in {@code SSLFlowDelegate} for this client
 * (events with transport=engine; under {@code throw} the body completes exceptionally with an
 * SSLProtocolException).
 *
 * <p>The pool reads from idle connections, so a server's idle close is noticed at once, before
 * any next request.
 */
class JdkHttpClientIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.jdkHttpClient();
    }

    @Override
    protected String transport() {
        return "engine";
    }

    @Override
    protected String stack() {
        return "jdk-httpclient";
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        IOException e = outcome.assertFailedWith(IOException.class, "the JDK HttpClient checks Content-Length");
        org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(e.getMessage()).contains("fixed content-length"),
                e.getMessage());
    }

    @Override
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        // The pool notices the close by itself; wait for that event, then the next request.
        noticedWhileIdle(client, events);
    }
}
