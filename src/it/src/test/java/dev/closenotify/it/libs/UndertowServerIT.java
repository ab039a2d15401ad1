package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
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
 * <li>Undertow's {@code NO_REQUEST_TIMEOUT} closes an idle connection: no {@code truncated};</li>
 * <li>a handler closes the connection after its response: no {@code truncated};</li>
 * <li>s_client ends with close_notify: no event;</li>
 * <li>a client that sends half a ClientHello and a FIN: one {@code handshake-eof}.</li>
 * </ul>
 * Each case waits for Undertow's own close listener before it looks, so "no event" is observed
 * after the close path ran, not guessed.
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
        in.readAllBytes(); // The cut shows here as an IOException: Undertow's parser sees it.
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
            await(connectionClosed);
            List<AgentEvent> seen = events.events();
            if (seen.isEmpty() && events.delta().truncations() == 0) {
                // A SIGKILLed process whose socket still holds unread bytes ends with an RST, not a
                // FIN: the read fails, Undertow closes first and there is no EOF to report.
                return;
            }
            AgentEvent e = events.assertOneMidStreamTruncation("server", "engine", "detected",
                    "content-length");
            assertEquals("undertow", e.fields().get("stack"), e.line());
        }
        AgentEvents.assertApplied("SslConduit.doUnwrap", "SslConduit");
    }

    @Test
    void undertowsIdleTimeoutIsNoTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            await(connectionClosed); // NO_REQUEST_TIMEOUT: Undertow closes the idle connection.
            client.awaitExit();
            assertNoTruncation(events);
        }
        AgentEvents.assertApplied("SslConduit.doUnwrap", "SslConduit");
    }

    @Test
    void aHandlerClosingTheConnectionIsNoTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET /close HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            await(connectionClosed);
            client.awaitExit();
            assertNoTruncation(events);
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
            events.assertNone();
        }
    }

    @Test
    void halfAClientHelloThenAFinIsAHandshakeEof() throws Exception {
        byte[] hello = clientHello();
        try (AgentEvents events = AgentEvents.capture("log");
                Socket raw = new Socket(TestTls.LOOPBACK, port())) {
            OutputStream out = raw.getOutputStream();
            out.write(hello, 0, hello.length / 2);
            out.flush();
            raw.shutdownOutput();
            assertEquals(-1, raw.getInputStream().read(), "Undertow closes without answering");
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), seen.toString());
            AgentEvent e = seen.get(0);
            assertEquals("handshake-eof", e.kind(), e.line());
            assertEquals("server", e.role(), e.line());
            assertEquals("undertow", e.fields().get("stack"), e.line());
            assertEquals(1, events.delta().handshakeEofs(), events.delta().toString());
        }
    }

    /** The first flight of a real TLS client, produced by a client engine's first wrap. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = TestTls.context().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        byte[] bytes = new byte[net.remaining()];
        net.get(bytes);
        assertTrue(bytes.length > 10 && bytes[0] == 0x16, "a handshake record");
        return bytes;
    }

    /** Our side closed first: an after-local-close at most, never a truncation. */
    private static void assertNoTruncation(AgentEvents events) {
        for (AgentEvent e : events.events()) {
            assertTrue(!e.kind().equals("truncated"), "a close Undertow started: " + e.line());
        }
        assertEquals(0, events.delta().truncations(), events.delta().toString());
    }
}
