package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenSSL's own tools as real, non-Java peers of the JDK's SSLSocket, TLS 1.2 and 1.3.
 * <ul>
 * <li>{@code s_server} relaying its stdin, then SIGKILLed: the kernel sends a bare FIN, no
 * close_notify; the Java client's read is a truncation (under {@code throw}, an exception). The
 * relayed lines are not HTTP: harm=unknown, which the default {@code closenotify.throw.harm}
 * throws for.</li>
 * <li>{@code s_server -www}: answers {@code GET /} with an HTTP/1.0 (close-delimited) page, then
 * sends close_notify (observed with {@code s_client -msg}): zero events.</li>
 * <li>{@code s_client} against a Java SSLServerSocket (role=server): SIGKILL gives a truncation;
 * end of its stdin makes it send close_notify (observed): zero events.</li>
 * </ul>
 */
class OpenSslIT {

    private static String openssl;
    private static Path dir;
    private static TestTls.PemFiles pem;

    @BeforeAll
    static void material() throws Exception {
        openssl = NativePeer.require("openssl");
        dir = Files.createTempDirectory("closenotify-openssl-");
        pem = TestTls.writePem(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String flag(String tls) {
        return tls.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
    }

    private static NativePeer sServer(int port, String tls, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", pem.cert().toString(), "-key", pem.key().toString(), flag(tls), "-naccept", "1"));
        cmd.addAll(List.of(extra));
        NativePeer peer = NativePeer.start("openssl s_server", cmd, dir);
        peer.awaitLine("^ACCEPT");
        return peer;
    }

    private static SSLSocket connect(int port, String tls) throws Exception {
        SSLSocket socket = (SSLSocket) TestTls.context().getSocketFactory().createSocket(TestTls.LOOPBACK, port);
        socket.setEnabledProtocols(new String[] {tls});
        socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
        socket.startHandshake();
        return socket;
    }

    private static byte[] readExactly(InputStream in, int n) throws Exception {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "short read");
        return b;
    }

    @ParameterizedTest(name = "{0}, policy={1}")
    @CsvSource({"TLSv1.2, log", "TLSv1.3, log", "TLSv1.2, throw", "TLSv1.3, throw"})
    void sServerKilledAfterDataIsATruncationOfTheClientsRead(String tls, String policy) throws Exception {
        byte[] payload = "partial response from s_server\n".getBytes(StandardCharsets.US_ASCII);
        int port = NativePeer.freePort();
        try (NativePeer server = sServer(port, tls);
                AgentEvents events = AgentEvents.capture(policy)) {
            try (SSLSocket socket = connect(port, tls)) {
                server.send(new String(payload, StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertArrayEquals(payload, readExactly(in, payload.length));
                server.kill();
                Outcome outcome = Outcome.of(() -> new byte[] {(byte) in.read()});
                if (policy.equals("throw")) {
                    outcome.assertAgentThrew();
                    assertEquals(1, events.delta().thrown());
                } else {
                    assertArrayEquals(new byte[] {-1}, outcome.body(), "the JDK reads the bare FIN as a clean end");
                }
            }
            // Relayed lines, not HTTP: the agent cannot judge them, and unknown throws by default.
            AgentEvent e = events.assertOneMidStreamTruncation("client", "socket", "unknown", "unknown");
            assertEquals(tls, e.protocol());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void sServerWwwClosesWithCloseNotifyAndGivesNoEvent(String tls) throws Exception {
        int port = NativePeer.freePort();
        try (NativePeer server = sServer(port, tls, "-www");
                AgentEvents events = AgentEvents.capture("throw")) {
            HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + port + "/")
                    .toURL().openConnection();
            c.setSSLSocketFactory(TestTls.context().getSocketFactory());
            c.setReadTimeout(TlsHttpServer.TIMEOUT_MILLIS);
            byte[] page;
            try (InputStream in = c.getInputStream()) {
                page = in.readAllBytes();
            }
            assertTrue(new String(page, StandardCharsets.ISO_8859_1).contains("</HTML>")
                    || new String(page, StandardCharsets.ISO_8859_1).contains("</html>"),
                    "the whole status page, up to its end");
            server.awaitExit();
            events.assertNone();
        }
    }

    @ParameterizedTest(name = "{0}, policy={1}, {2}")
    @CsvSource({
        "TLSv1.2, log, kill", "TLSv1.3, log, kill", "TLSv1.3, throw, kill",
        "TLSv1.2, throw, stdin-eof", "TLSv1.3, throw, stdin-eof"
    })
    void sClientAgainstAJavaServerSocket(String tls, String policy, String ending) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) TestTls.context().getServerSocketFactory()
                .createServerSocket(0, 1, TestTls.LOOPBACK);
                AgentEvents events = AgentEvents.capture(policy)) {
            listener.setEnabledProtocols(new String[] {tls});
            CompletableFuture<Void> gotPing = new CompletableFuture<>();
            CompletableFuture<Outcome> lastRead = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                    OutputStream out = s.getOutputStream();
                    out.write("hello from java\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) != '\n') {
                        if (b < 0) {
                            throw new AssertionError("EOF before the ping");
                        }
                        line.write(b);
                    }
                    assertEquals("ping", line.toString(StandardCharsets.US_ASCII).trim());
                    gotPing.complete(null);
                    return Outcome.of(() -> new byte[] {(byte) in.read()});
                } catch (Throwable t) {
                    gotPing.completeExceptionally(t);
                    return new Outcome(null, t);
                }
            });
            try (NativePeer client = NativePeer.start("openssl s_client", List.of(openssl, "s_client",
                    "-connect", "127.0.0.1:" + listener.getLocalPort(), flag(tls),
                    "-CAfile", pem.cert().toString(), "-servername", "localhost"), dir)) {
                client.awaitLine("hello from java");
                client.send("ping\n");
                gotPing.get(NativePeer.WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (ending.equals("kill")) {
                    client.kill();
                } else {
                    client.closeStdin();
                    client.awaitExit();
                }
                Outcome outcome = lastRead.get(NativePeer.WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (ending.equals("stdin-eof")) {
                    assertArrayEquals(new byte[] {-1}, outcome.body(), "s_client's close_notify: clean end");
                    events.assertNone();
                    return;
                }
                if (policy.equals("throw")) {
                    outcome.assertAgentThrew();
                } else {
                    assertArrayEquals(new byte[] {-1}, outcome.body(), "the JDK reads the bare FIN as a clean end");
                }
            }
            // "ping", not HTTP: unknown, which throws under the default throw.harm.
            AgentEvent e = events.assertOneMidStreamTruncation("server", "socket", "unknown", "unknown");
            assertEquals(tls, e.protocol());
        }
    }
}
