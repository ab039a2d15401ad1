package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Undertow 2.4 as an HTTPS server (its {@code SslConduit} over SunJSSE), driven by
 * {@code openssl s_client}. Undertow calls {@code engine.closeInbound()} on closes it starts
 * itself, before {@code closeOutbound()}: the engine hook alone took its idle timeout and a
 * handler's close for peer truncations. The Undertow stack must tell them apart:
 * <ul>
 * <li>s_client SIGKILLed in the middle of a request body: one {@code truncated}, stack=undertow,
 *     harm=detected (a request body is never close-delimited);</li>
 * <li>Undertow's {@code NO_REQUEST_TIMEOUT} closes an idle connection: no event;</li>
 * <li>a handler closes the connection after its response: no event;</li>
 * <li>s_client ends with close_notify: no event;</li>
 * <li>a client that sends half a ClientHello and a FIN: one {@code handshake-eof}.</li>
 * </ul>
 * Each "no event" case waits for Undertow's own close listener, then for a marker connection's
 * event ({@link RawTlsClient#assertOnlyTheMarkerFollows}): none is observed, not assumed.
 */
class UndertowServerIT {

    private static final String OK = "undertow-ok";
    private static final int IDLE_TIMEOUT_MILLIS = 1000;

    private static String openssl;
    private static Path dir;
    private static TestTls.PemFiles pem;

    private Undertow server;
    private final CompletableFuture<Void> bodyStarted = new CompletableFuture<>();
    private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
    private final CompletableFuture<IOException> readFailure = new CompletableFuture<>();

    @BeforeAll
    static void material() throws Exception {
        openssl = NativePeer.require("openssl");
        dir = Files.createTempDirectory("closenotify-undertow-");
        pem = TestTls.writePem(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            Files.deleteIfExists(pem.cert());
            Files.deleteIfExists(pem.key());
            Files.deleteIfExists(dir);
        }
    }

    @BeforeEach
    void startServer() {
        server = Undertow.builder()
                .addHttpsListener(0, "127.0.0.1", TestTls.context())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setHandler(this::handle)
                .build();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        exchange.getConnection().addCloseListener(c -> connectionClosed.complete(null));
        if (exchange.getRequestPath().equals("/upload")) {
            new BlockingHandler(this::readBody).handleRequest(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        if (exchange.getRequestPath().equals("/close")) {
            exchange.getResponseSender().send(OK + "\n", new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange done, Sender sender) {
                    try {
                        done.getConnection().close(); // The handler closes, not the client.
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void onException(HttpServerExchange done, Sender sender, IOException e) {
                    IoCallback.END_EXCHANGE.onException(done, sender, e);
                }
            });
            return;
        }
        exchange.getResponseSender().send(OK + "\n");
    }

    private void readBody(HttpServerExchange exchange) throws IOException {
        InputStream in = exchange.getInputStream();
        if (in.read() >= 0) {
            bodyStarted.complete(null);
        }
        try {
            in.readAllBytes();
        } catch (IOException e) {
            readFailure.complete(e); // The cut: Undertow's parser sees it.
            throw e;
        }
        readFailure.complete(null);
        exchange.getResponseSender().send(OK + "\n");
    }

    private int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private NativePeer sClient() {
        return NativePeer.start("openssl s_client", List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + port(), "-CAfile", pem.cert().toString(), "-servername", "localhost"), dir);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(NativePeer.WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void clientKilledInTheMiddleOfARequestBodyIsOneTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nfirst part");
            await(bodyStarted);
            client.kill();
            IOException failure = await(readFailure);
            if (endedByReset(failure)) {
                // A SIGKILLed process whose socket still holds unread bytes ends with an RST, not a
                // FIN: the read fails, Undertow closes first and there is no EOF to report.
                RawTlsClient.assertOnlyTheMarkerFollows(events, port(), "undertow");
                return;
            }
            AgentEvent e = events.assertOneMidStreamTruncation("server", "engine", "detected",
                    "content-length");
            assertEquals("undertow", e.fields().get("stack"), e.line());
        }
        AgentEvents.assertApplied("SslConduit.doUnwrap", "SslConduit");
    }

    @Test
    void undertowsIdleTimeoutIsNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            await(connectionClosed); // NO_REQUEST_TIMEOUT: Undertow closes the idle connection.
            client.awaitExit();
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), "undertow");
        }
        AgentEvents.assertApplied("SslConduit.doUnwrap", "SslConduit");
    }

    @Test
    void aHandlerClosingTheConnectionIsNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET /close HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            await(connectionClosed);
            client.awaitExit();
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), "undertow");
        }
    }

    @Test
    void clientClosingWithCloseNotifyGivesNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            client.closeStdin();
            client.awaitExit();
            await(connectionClosed);
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), "undertow");
        }
    }

    @Test
    void halfAClientHelloThenAFinIsAHandshakeEof() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            RawTlsClient.halfHelloThenFin(port());
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), seen.toString());
            AgentEvent e = seen.get(0);
            assertEquals("handshake-eof", e.kind(), e.line());
            assertEquals("server", e.role(), e.line());
            assertEquals("undertow", e.fields().get("stack"), e.line());
            assertEquals(1, events.delta().handshakeEofs(), events.delta().toString());
        }
    }

    /** A read that failed because the peer's kernel answered with an RST rather than a FIN. */
    static boolean endedByReset(IOException failure) {
        return failure != null && String.valueOf(failure.getMessage()).toLowerCase().contains("reset");
    }
}
