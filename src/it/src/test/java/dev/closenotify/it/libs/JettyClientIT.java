package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jetty 12 HttpClient: SSLEngine in Jetty's {@code SslConnection}, which calls
 * {@code closeInbound()} when the network read returns -1 (client mode): the agent's engine hook.
 *
 * <p>Jetty logs the JDK's "closing inbound before receiving peer's close_notify" at TRACE and goes
 * on (unless {@code SslConnection.setRequireCloseMessage(true)}); so {@code throw} changes nothing
 * for Jetty: the agent does not alter engine behaviour.
 */
class JettyClientIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.jetty();
    }

    @Override
    protected String transport() {
        return "engine";
    }

    @Override
    protected String stack() {
        return "jsse-engine";
    }

    @Override
    protected void assertThrowOutcome(Outcome outcome, AgentEvents events) {
        outcome.assertBody(CUT, "Jetty swallows the JDK's closeInbound exception; the agent does"
                + " not change engines, so throw cannot stop Jetty from accepting the cut body");
        assertEquals(0, events.delta().thrown(), "nothing is thrown by the agent for engines");
    }

    @Override
    protected void assertContentLengthCutOutcome(Outcome outcome) {
        outcome.assertFailedWith(java.io.EOFException.class, "Jetty's own framing reports a short body");
    }

    @Override
    protected void afterIdleClose(Client client, AgentEvents events) throws Exception {
        // Jetty reads from idle connections: it finds the close (and calls closeInbound) by itself.
        noticedWhileIdle(client, events);
    }
}
