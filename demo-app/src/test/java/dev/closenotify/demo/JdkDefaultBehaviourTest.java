package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK behaviour the whole project exists for, on real loopback connections and without any
 * agent: an SSLSocket cannot tell a truncated response from a complete one, while an SSLEngine's
 * closeInbound() does notice. If a JDK ever changes this, these tests say so.
 */
class JdkDefaultBehaviourTest {

    private static final int BYTES = 1000;

    private static SSLContext context;
    private static EnginePeer peer;

    @BeforeAll
    static void startPeer() throws Exception {
        context = TlsMaterial.context();
        peer = EnginePeer.start(context);
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void socketClientSeesTruncationAsAnOrdinaryEof(TlsVersion tls) throws Exception {
        Outcome truncated = play(Scenario.TRUNCATE_FIN, Transport.SOCKET, tls);
        assertEquals(Outcome.clean(BYTES, "-1"), truncated);
        // Indistinguishable: the very same outcome as a correct close.
        assertEquals(play(Scenario.CLEAN_CLOSE, Transport.SOCKET, tls), truncated);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void engineClientsCloseInboundThrowsOnTruncation(TlsVersion tls) throws Exception {
        Outcome o = play(Scenario.TRUNCATE_FIN, Transport.ENGINE, tls);
        assertEquals(BYTES, o.bytes());
        assertEquals("SSLException", o.exceptionClass());
        assertTrue(o.message().contains("close_notify"), o.message());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void cleanCloseEndsCleanlyOnBothTransports(TlsVersion tls) throws Exception {
        Outcome socket = play(Scenario.CLEAN_CLOSE, Transport.SOCKET, tls);
        assertEquals(BYTES, socket.bytes());
        assertFalse(socket.endedByException(), socket::toString);
        assertEquals("-1", socket.cleanEnd());

        Outcome engine = play(Scenario.CLEAN_CLOSE, Transport.ENGINE, tls);
        assertEquals(BYTES, engine.bytes());
        assertNull(engine.exceptionClass(), engine::toString);
        assertEquals("close_notify", engine.cleanEnd());
    }

    /**
     * Every HTTP row delivers its whole response and then the same plain -1 on a socket, cut or
     * not: TLS alone cannot tell them apart, only the response's framing can (the harm column).
     */
    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"HTTP_LENGTH_COMPLETE", "HTTP_LENGTH_CUT", "HTTP_CHUNKED_CUT",
        "HTTP_CLOSE_DELIMITED_CUT", "HTTP10_CUT"})
    void httpResponsesArriveWholeThenEndInAPlainEof(Scenario scenario) throws Exception {
        int sent = HttpExchange.response(scenario.behaviour(), BYTES).length;
        for (TlsVersion tls : TlsVersion.values()) {
            assertEquals(Outcome.clean(sent, "-1"), play(scenario, Transport.SOCKET, tls), tls.id());
            Outcome engine = play(scenario, Transport.ENGINE, tls);
            assertEquals(sent, engine.bytes(), tls.id());
            assertEquals("SSLException", engine.exceptionClass(), tls.id());
        }
    }

    private static Outcome play(Scenario scenario, Transport transport, TlsVersion tls) throws Exception {
        CompletableFuture<Void> served = peer.expect(scenario.behaviour(), BYTES);
        Outcome o = transport == Transport.SOCKET
                ? new SocketClient(context).run(scenario, tls, peer.port(), BYTES)
                : new EngineClient(context).run(scenario, tls, peer.port(), BYTES);
        // The peer must have played its part completely, or the outcome proves nothing.
        served.get(EnginePeer.TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        return o;
    }
}
