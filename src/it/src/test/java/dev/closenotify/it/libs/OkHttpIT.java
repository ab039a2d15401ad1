package dev.closenotify.it.libs;

import java.net.ProtocolException;

/**
 * OkHttp 5 over the JDK's SSLSocket: the agent's {@code handleEOF} hook.
 *
 * <p>Observed: a close-delimited body cut by a FIN is returned as complete; a Content-Length body
 * cut short is reported by OkHttp's own framing ({@code ProtocolException: unexpected end of
 * stream}), the agent reports it as well.
 */
class OkHttpIT extends ClientContract {

    @Override
    protected Client open() throws Exception {
        return Clients.okHttp();
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
        ProtocolException e = outcome.assertFailedWith(ProtocolException.class,
                "OkHttp's own framing reports a short Content-Length body");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unexpected end of stream"),
                e.getMessage());
    }
}
