package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Embedded Tomcat 11 with its NIO HTTPS connector (JSSE), driven by {@code openssl s_client} and
 * a raw client. Tomcat's {@code SecureNioChannel} never calls {@code closeInbound()}: without the
 * Tomcat stack the agent saw none of these.
 * <ul>
 * <li>s_client SIGKILLed in the middle of a request body: one {@code truncated}, stack=tomcat,
 *     role=server, harm=detected;</li>
 * <li>Tomcat's {@code keepAliveTimeout} closes an idle connection: no event;</li>
 * <li>a servlet's {@code Connection: close} response: no event;</li>
 * <li>s_client ends with close_notify: no event;</li>
 * <li>half a ClientHello then a FIN (before Tomcat has an engine) and a whole ClientHello then a
 *     FIN (inside the handshake): one {@code handshake-eof} each; a connection that leaves
 *     without a byte: no event.</li>
 * </ul>
 * "No event" is observed through a marker connection ({@link RawTlsClient#assertOnlyTheMarkerFollows}).
 */
class TomcatServerIT {

    private static final String OK = "tomcat-ok";
    private static final String STACK = "tomcat";

    private static String openssl;
    private static Path dir;
    private static TestTls.PemFiles pem;
    private static Path keystore;

    private Tomcat tomcat;
    private Connector connector;
    private final CompletableFuture<Void> bodyStarted = new CompletableFuture<>();
    private final CompletableFuture<IOException> readFailure = new CompletableFuture<>();

    @BeforeAll
    static void material() throws Exception {
        openssl = NativePeer.require("openssl");
        dir = Files.createTempDirectory("closenotify-tomcat-");
        pem = TestTls.writePem(dir);
        keystore = dir.resolve("demo.p12");
        try (OutputStream out = Files.newOutputStream(keystore)) {
            TestTls.keyStore().store(out, TestTls.PASSWORD);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("base").toString());
        connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        connector.setProperty("keepAliveTimeout", "1000");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(keystore.toString());
        certificate.setCertificateKeystorePassword(new String(TestTls.PASSWORD));
        certificate.setCertificateKeyAlias(TestTls.ALIAS);
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "cases", new Cases());
        context.addServletMappingDecoded("/*", "cases");
        tomcat.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private int port() {
        return connector.getLocalPort();
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
            if (UndertowServerIT.endedByReset(failure)) {
                RawTlsClient.assertOnlyTheMarkerFollows(events, port(), STACK);
                return;
            }
            AgentEvent e = events.assertOneMidStreamTruncation("server", "engine", "detected",
                    "content-length");
            assertEquals(STACK, e.fields().get("stack"), e.line());
        }
        AgentEvents.assertApplied("SecureNioChannel.read", "SecureNioChannel");
    }

    @Test
    void tomcatsKeepAliveTimeoutIsNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            client.awaitExit(); // keepAliveTimeout: Tomcat closes with close_notify, s_client leaves.
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), STACK);
        }
        AgentEvents.assertApplied("SecureNioChannel.read", "SecureNioChannel");
    }

    @Test
    void aServletsConnectionCloseIsNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET /close HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            client.awaitExit();
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), STACK);
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
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), STACK);
        }
    }

    @Test
    void halfAClientHelloThenAFinIsAHandshakeEof() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            RawTlsClient.halfHelloThenFin(port());
            assertOneHandshakeEof(events);
        }
    }

    @Test
    void aWholeClientHelloThenAFinIsAHandshakeEof() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            RawTlsClient.sendThenFin(port(), Integer.MAX_VALUE);
            assertOneHandshakeEof(events);
        }
    }

    @Test
    void aConnectionThatLeavesWithoutAByteIsNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            RawTlsClient.sendThenFin(port(), 0);
            RawTlsClient.assertOnlyTheMarkerFollows(events, port(), STACK);
        }
    }

    private static void assertOneHandshakeEof(AgentEvents events) {
        List<AgentEvent> seen = events.await(1);
        assertEquals(1, seen.size(), seen.toString());
        AgentEvent e = seen.get(0);
        assertEquals("handshake-eof", e.kind(), e.line());
        assertEquals("server", e.role(), e.line());
        assertEquals(STACK, e.fields().get("stack"), e.line());
        assertEquals(1, events.delta().handshakeEofs(), events.delta().toString());
    }

    /** {@code /upload} reads a body; {@code /close} answers with Connection: close; else OK. */
    private final class Cases extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            if (request.getRequestURI().equals("/upload")) {
                InputStream in = request.getInputStream();
                if (in.read() >= 0) {
                    bodyStarted.complete(null);
                }
                try {
                    in.readAllBytes();
                } catch (IOException e) {
                    readFailure.complete(e); // The cut: Tomcat's own parser sees it.
                    throw e;
                }
                readFailure.complete(null);
            } else if (request.getRequestURI().equals("/close")) {
                response.setHeader("Connection", "close");
            }
            byte[] body = (OK + "\n").getBytes(StandardCharsets.US_ASCII);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
