package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.demo.engine.EnginePump;
import dev.closenotify.it.libs.TlsHttpServer.Ending;
import dev.closenotify.it.libs.TlsHttpServer.Script;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harm verdict of issue 11, framing by framing: each way an HTTP/1.x response can be delimited,
 * cut by a bare FIN and also complete and then a bare FIN, read by a plain SSLSocket, by an
 * SSLEngine driven as a library drives it ({@link EnginePump#read}, which calls
 * {@code closeInbound()} at the end of the transport, as Netty does) and by the JDK HttpClient,
 * on TLS 1.2 and 1.3, under {@code log} and under {@code throw} with the default
 * {@code closenotify.throw.harm} (silent,unknown). Each case checks the one event's exact
 * {@code harm=} and {@code framing=}, its log level, the MBean's harm counters, and under
 * {@code throw} whether the agent threw.
 *
 * <p>The SSLSocket and SSLEngine clients send fixed request bytes (pipelined when a case has
 * several) and read until the transport ends, so they always reach the EOF and never parse a
 * response: the verdict is the agent's alone. The JDK HttpClient parses for real, one request
 * after the other on one pooled connection (it never pipelines); cases its parser refuses
 * (interim 1xx responses, bytes that are not HTTP) are left to the two raw clients. After a whole
 * response the JDK HttpClient checks its raw channel before pooling the connection
 * ({@code HttpConnection.checkOpen} in {@code closeOrReturnToCache}) and, finding the FIN already
 * there, closes it without its TLS reader ever reading that EOF: no hook sees it, so no event
 * (observed on JDK 17 and 25 whenever the FIN follows the response at once; a FIN that comes after
 * the pooling reaches the reader and gives harm=none). There the "none or no event" is what
 * is checked; the exact idle verdict is {@link JdkHttpClientIT}'s.
 *
 * <p>The server ({@link TlsHttpServer} following a {@link Script}) drives its SSLEngine by hand
 * and never produces an event: every event of a case is the client's.
 */
class FramingMatrixIT {

    /** Which client reads the responses; {@code transport} is what its events say. */
    enum Reader {
        SOCKET("socket", true),
        ENGINE("engine", false),
        HTTP_CLIENT("engine", true);

        final String transport;
        /** Whether the agent can make this reader fail under {@code throw}. */
        final boolean canThrow;

        Reader(String transport, boolean canThrow) {
            this.transport = transport;
            this.canThrow = canThrow;
        }
    }

    private static final Set<Reader> ALL = EnumSet.allOf(Reader.class);
    private static final Set<Reader> RAW = EnumSet.of(Reader.SOCKET, Reader.ENGINE);

    private static final String TEN = "0123456789";
    private static final String FORTY = TEN + TEN + TEN + TEN;
    private static final String HUNDRED = FORTY + FORTY + TEN + TEN;

    /**
     * One way a connection's last response can end. {@code methods}: the requests the client
     * sends, in order (none: the server speaks first). {@code harm} and {@code framing}: the
     * verdict issue 11 gives for the EOF that follows.
     */
    enum Case {
        CONTENT_LENGTH_CUT(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + FORTY),
                "detected", "content-length", ALL),
        CONTENT_LENGTH_WHOLE(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + HUNDRED),
                "none", "content-length", ALL),
        CHUNKED_CUT_IN_A_CHUNK(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "28\r\n" + TEN),
                "detected", "chunked", ALL),
        CHUNKED_CUT_BEFORE_THE_LAST_CHUNK(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "28\r\n" + FORTY + "\r\n"),
                "detected", "chunked", ALL),
        CHUNKED_CUT_IN_THE_TRAILER_SECTION(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "28\r\n" + FORTY + "\r\n0\r\n"),
                "detected", "chunked", ALL),
        CHUNKED_WHOLE(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "28\r\n" + FORTY + "\r\n0\r\n\r\n"),
                "none", "chunked", ALL),
        CONNECTION_CLOSE_WITHOUT_LENGTH(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + FORTY),
                "silent", "close-delimited", ALL),
        HTTP_1_0_WITHOUT_LENGTH(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + FORTY),
                "silent", "close-delimited", ALL),
        TRANSFER_CODING_NOT_ENDING_IN_CHUNKED(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n" + FORTY),
                "silent", "close-delimited", ALL),
        CHUNKED_LAST_OF_TWO_CODINGS_CUT(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + "28\r\n" + TEN),
                "detected", "chunked", RAW),
        LOWER_CASE_CONTENT_LENGTH_CUT(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + FORTY),
                "detected", "content-length", ALL),
        CONNECTION_CLOSE_WITH_A_LENGTH_CUT(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 100\r\n\r\n"
                        + FORTY),
                "detected", "content-length", ALL),
        CUT_IN_THE_STATUS_LINE(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 20"),
                "detected", "headers", ALL),
        CUT_IN_THE_HEADERS(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Le"),
                "detected", "headers", ALL),
        NO_CONTENT(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 204 No Content\r\n\r\n"),
                "none", "no-body", ALL),
        NOT_MODIFIED_WITH_A_LENGTH(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n"),
                "none", "no-body", ALL),
        HEAD_WITH_A_LENGTH(List.of("HEAD"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"),
                "none", "no-body", ALL),
        INTERIM_THEN_WHOLE(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + TEN),
                "none", "content-length", RAW),
        INTERIM_ONLY(List.of("GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 100 Continue\r\n\r\n"),
                "none", "between-messages", RAW),
        TWO_WHOLE_RESPONSES(List.of("GET", "GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + TEN,
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n" + TEN + "\r\n0\r\n\r\n"),
                "none", "chunked", ALL),
        SECOND_RESPONSE_CLOSE_DELIMITED(List.of("GET", "GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + TEN,
                        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + FORTY),
                "silent", "close-delimited", ALL),
        HEAD_THEN_CUT_GET(List.of("HEAD", "GET"),
                Script.answering(Ending.CUT_FIN, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + FORTY),
                "detected", "content-length", ALL),
        // The JDK HttpClient retries a GET whose connection ends before any response byte: a
        // second connection, a second event; left to the raw clients.
        REQUEST_LEFT_UNANSWERED(List.of("GET"),
                Script.answering(Ending.CUT_FIN, ""),
                "none", "between-messages", RAW),
        NOT_HTTP(List.of(),
                Script.speakingFirst("* OK IMAP4rev1 ready\r\n"),
                "unknown", "unknown", RAW);

        final List<String> methods;
        final Script script;
        final String harm;
        final String framing;
        final Set<Reader> readers;

        Case(List<String> methods, Script script, String harm, String framing, Set<Reader> readers) {
            this.methods = methods;
            this.script = script;
            this.harm = harm;
            this.framing = framing;
            this.readers = readers;
        }

        /** Under {@code throw} with the default closenotify.throw.harm. */
        boolean throwsByDefault() {
            return harm.equals("silent") || harm.equals("unknown");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String policy : List.of("log", "throw")) {
            for (Reader reader : Reader.values()) {
                for (String tls : List.of("TLSv1.2", "TLSv1.3")) {
                    for (Case c : Case.values()) {
                        if (c.readers.contains(reader)) {
                            all.add(Arguments.of(reader, tls, c, policy));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    /** One JDK HttpClient per TLS version for the whole class: each case has its own server port. */
    private static final Map<String, HttpClient> HTTP_CLIENTS = new HashMap<>();

    private TlsHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TlsHttpServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @AfterAll
    static void closeClients() throws Exception {
        for (HttpClient c : HTTP_CLIENTS.values()) {
            if (c instanceof AutoCloseable closeable) {
                closeable.close(); // JDK 21 on; on 17 its threads end when idle
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} policy={3}")
    @MethodSource("cases")
    void verdictOfTheEof(Reader reader, String tls, Case c, String policy) throws Exception {
        server.script(c.script);
        int connectionsBefore = server.connections().size();
        try (AgentEvents events = AgentEvents.capture(policy)) {
            Outcome outcome = switch (reader) {
                case SOCKET -> socket(tls, requests(c.methods));
                case ENGINE -> engine(tls, requests(c.methods));
                case HTTP_CLIENT -> httpClient(tls, c.methods);
            };
            // The barrier: the client has closed its side, after the EOF that makes the event.
            server.awaitAllEnded();
            if (reader == Reader.HTTP_CLIENT && c.harm.equals("none")) {
                assertNull(outcome.error(), () -> "a whole response:\n" + Outcome.stack(outcome.error()));
                events.assertNoneOrHarmless(c.framing);
                return;
            }
            int connections = server.connections().size() - connectionsBefore;
            if (reader == Reader.HTTP_CLIENT && connections > 1) {
                // Now and then the JDK HttpClient resends the GET on a new connection after the
                // cut (its own retry, inside send()): the server cut each the same way, so each
                // connection is one event, judged alike.
                List<AgentEvent> all = events.await(connections);
                assertEquals(connections, all.size(), "one event per connection: " + all);
                for (AgentEvent each : all) {
                    assertEquals("truncated " + c.harm + " " + c.framing,
                            each.kind() + " " + each.harm() + " " + each.framing(), each.line());
                    assertEquals(AgentEvents.expectedLevel("truncated", c.harm), each.level(),
                            each.line());
                }
                assertEquals(connections, events.delta().truncations(), "Truncations delta");
                return;
            }
            if (reader != Reader.HTTP_CLIENT) {
                assertEquals(1, connections, "the raw clients open one connection per case");
            }
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), "exactly one event: " + seen);
            AgentEvent e = seen.get(0);
            assertEquals("truncated", e.kind(), e.line());
            assertEquals("client", e.role(), e.line());
            assertEquals(reader.transport, e.transport(), e.line());
            assertEquals(tls, e.protocol(), e.line());
            events.assertVerdict(e, c.harm, c.framing);
            if (!c.harm.equals("none")) {
                assertEquals("mid-stream", e.exchange(), "a cut message is mid-stream: " + e.line());
            }
            boolean agentThrows = policy.equals("throw") && reader.canThrow && c.throwsByDefault();
            assertEquals(agentThrows ? 1 : 0, events.delta().thrown(), "MBean Thrown delta; " + outcome);
            if (agentThrows) {
                outcome.assertAgentThrew();
            } else {
                assertNull(outcome.find(SSLProtocolException.class),
                        () -> "the agent must not throw for harm=" + c.harm + ":\n" + Outcome.stack(outcome.error()));
            }
            if (reader == Reader.SOCKET && !agentThrows) {
                // The JDK's SSLSocket takes a bare FIN for a clean end; only the agent says otherwise.
                assertNull(outcome.error(), () -> Outcome.stack(outcome.error()));
            }
            if (reader == Reader.HTTP_CLIENT && c.harm.equals("silent") && !agentThrows) {
                // The silent case as the application sees it: the cut body handed over as whole.
                assertEquals(FORTY, new String(outcome.body(), StandardCharsets.ISO_8859_1), outcome.toString());
            }
        }
    }

    /**
     * The other kinds keep INFO and move no harm counter: the server drops the connection after
     * the ClientHello, a handshake EOF, whose verdict is none between-messages (no message could
     * have begun).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("handshakeCases")
    void handshakeEofIsInfoAndNoTruncation(Reader reader, String tls) throws Exception {
        try (ServerSocket plain = new ServerSocket()) {
            plain.bind(new InetSocketAddress(TestTls.LOOPBACK, 0));
            CompletableFuture<Void> dropped = CompletableFuture.runAsync(() -> dropAfterClientHello(plain));
            try (AgentEvents events = AgentEvents.capture("log")) {
                Outcome outcome = switch (reader) {
                    case SOCKET -> socket(tls, plain.getLocalPort(), "");
                    case ENGINE -> engine(tls, plain.getLocalPort(), "");
                    case HTTP_CLIENT -> throw new IllegalArgumentException("raw clients only");
                };
                dropped.get(TlsHttpServer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                assertTrue(outcome.error() != null, "a handshake cut by the server cannot succeed");
                List<AgentEvent> seen = events.await(1);
                assertEquals(1, seen.size(), "exactly one event: " + seen);
                AgentEvent e = seen.get(0);
                assertEquals("handshake-eof", e.kind(), e.line());
                assertEquals("INFO", e.level(), e.line());
                AgentEvents.Counters d = events.delta();
                assertEquals(1, d.handshakeEofs(), d.toString());
                assertEquals(0, d.truncations(), d.toString());
                assertEquals(new AgentEvents.Harms(0, 0, 0, 0), d.harmsOrFail(), "no harm counter moves: " + d);
                // A handshake cut before any application byte could move loses no message.
                assertEquals("none between-messages", e.harm() + " " + e.framing(), e.line());
            }
        }
    }

    static Stream<Arguments> handshakeCases() {
        List<Arguments> all = new ArrayList<>();
        // The JDK HttpClient retries a request whose handshake failed so: two events; left out.
        for (Reader reader : RAW) {
            for (String tls : List.of("TLSv1.2", "TLSv1.3")) {
                all.add(Arguments.of(reader, tls));
            }
        }
        return all.stream();
    }

    /** Reads the start of a ClientHello, then a FIN, then waits for the client to close. */
    private static void dropAfterClientHello(ServerSocket plain) {
        try (Socket s = plain.accept()) {
            s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
            InputStream in = s.getInputStream();
            if (in.read(new byte[5]) < 0) {
                throw new AssertionError("no ClientHello");
            }
            s.shutdownOutput();
            while (in.read(new byte[4096]) >= 0) {
                // until the client closes: no RST
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String requests(List<String> methods) {
        StringBuilder b = new StringBuilder();
        for (String m : methods) {
            b.append(m).append(" /framing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        return b.toString();
    }

    private Outcome socket(String tls, String requests) {
        return socket(tls, server.port(), requests);
    }

    /** SSLSocket: write every request at once, read until the end; the agent's handleEOF hook. */
    private static Outcome socket(String tls, int port, String requests) {
        return Outcome.of(() -> {
            try (SSLSocket s = (SSLSocket) TestTls.context().getSocketFactory().createSocket(TestTls.LOOPBACK, port)) {
                s.setEnabledProtocols(new String[] {tls});
                s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return s.getInputStream().readAllBytes();
            }
        });
    }

    private Outcome engine(String tls, String requests) {
        return engine(tls, server.port(), requests);
    }

    /**
     * A client-mode SSLEngine pumped as a library pumps it: at the end of the transport
     * {@code closeInbound()}, the agent's engine hook (the JDK then throws its own SSLException,
     * which is what such a library sees, whatever the agent's policy). A handshake cut short ends
     * the same way. The socket is closed directly: the pump's close() would call closeInbound
     * again.
     */
    private static Outcome engine(String tls, int port, String requests) {
        return Outcome.of(() -> {
            try (Socket socket = new Socket(TestTls.LOOPBACK, port)) {
                socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                SSLEngine engine = TestTls.context().createSSLEngine("127.0.0.1", port);
                engine.setUseClientMode(true);
                engine.setEnabledProtocols(new String[] {tls});
                EnginePump pump = new EnginePump(engine, socket);
                if (!pump.handshake()) {
                    engine.closeInbound();
                    throw new SSLException("the handshake ended first");
                }
                if (!requests.isEmpty()) {
                    pump.send(requests.getBytes(StandardCharsets.ISO_8859_1));
                }
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = pump.read(buf, 0, buf.length)) >= 0) {
                    got.write(buf, 0, n);
                }
                return got.toByteArray();
            }
        });
    }

    private Outcome httpClient(String tls, List<String> methods) {
        return httpClient(tls, server.uri("/framing"), methods);
    }

    /** The JDK HttpClient, HTTP/1.1, one request after the other; the outcome of the last. */
    private static Outcome httpClient(String tls, URI uri, List<String> methods) {
        HttpClient http = HTTP_CLIENTS.computeIfAbsent(tls, v -> {
            SSLParameters p = TestTls.context().getDefaultSSLParameters();
            p.setProtocols(new String[] {v});
            return HttpClient.newBuilder().sslContext(TestTls.context()).sslParameters(p)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(TlsHttpServer.TIMEOUT_MILLIS)).build();
        });
        Outcome last = null;
        for (int i = 0; i < methods.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(TlsHttpServer.TIMEOUT_MILLIS))
                    .method(methods.get(i), HttpRequest.BodyPublishers.noBody()).build();
            last = Outcome.of(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
            if (i < methods.size() - 1) {
                Outcome earlier = last;
                assertNull(earlier.error(), () -> "an earlier response is whole:\n" + Outcome.stack(earlier.error()));
            }
        }
        return last;
    }
}
