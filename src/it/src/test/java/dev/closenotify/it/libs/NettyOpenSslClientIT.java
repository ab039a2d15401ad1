package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same client cases with netty-tcnative's BoringSSL engine ({@code SslProvider.OPENSSL},
 * which Netty picks by default whenever tcnative is on the class path). The engine never reaches
 * a JDK hook: only the agent's {@code SslHandler.channelInactive} hook sees its EOF, and the
 * exchange state and harm come from the tracking woven into {@code ReferenceCountedOpenSslEngine}.
 */
class NettyOpenSslClientIT extends NettyClientIT {

    @BeforeAll
    static void openSslIsThere() {
        assertTrue(OpenSsl.isAvailable(), () -> "netty-tcnative must load here: "
                + OpenSsl.unavailabilityCause());
    }

    @Override
    protected Clients.NettyHttpClient newClient() throws Exception {
        return new Clients.NettyHttpClient(SslProvider.OPENSSL);
    }

    @Test
    void theEngineIsOpenSslAndTheHookAndTrackingApplied() throws Exception {
        server.plan(TlsHttpServer.Plan.properCloseDelimited(SMALL));
        try (Clients.NettyHttpClient client = newClient()) {
            client.get(server.uri("/which"));
            // OpenSslEngine: the final subclass of the tracked ReferenceCountedOpenSslEngine.
            assertEquals("io.netty.handler.ssl.OpenSslEngine", client.engineClass());
        }
        server.awaitAllEnded();
        AgentEvents.assertApplied("SslHandler.channelInactive", "ReferenceCountedOpenSslEngine");
    }
}
