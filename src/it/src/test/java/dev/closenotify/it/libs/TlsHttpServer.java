package dev.closenotify.it.libs;

import dev.closenotify.demo.AcceptLoop;
import dev.closenotify.demo.engine.EnginePump;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A small HTTPS/1.1 server for the library tests, on 127.0.0.1. It does TLS itself with a
 * hand-driven server-mode SSLEngine ({@link EnginePump}), so it can end a response exactly as a case
 * needs and never produces an agent event of its own. What it does with each request is the
 * current {@link Plan}:
 * <ul>
 * <li>a close-delimited body ({@code Connection: close}, no length) cut by a FIN without
 * close_notify after some bytes, or sent whole and ended properly (close_notify, then FIN);</li>
 * <li>a Content-Length body cut by a FIN (the library's own framing can see that one);</li>
 * <li>keep-alive responses with Content-Length; the test later closes idle connections with a FIN
 * and no close_notify ({@link #closeIdleConnectionsWithoutCloseNotify}).</li>
 * <li>a {@link Script}: exact response bytes, one answer per request head read (any framing, a
 * cut anywhere, pipelined requests), then a FIN with or without close_notify: what the framing
 * tests of the harm verdict need.</li>
 * </ul>
 * Every FIN is a half-close: the server then reads until the client closes, so no close ever turns
 * into an RST. Each connection's {@link Conn#ended} completes once the client has closed it: that is
 * the barrier after which a case's events, if any, have all happened.
 */
final class TlsHttpServer implements AutoCloseable {

    /** Socket timeout of every read; bounds a broken case, never expected to expire. */
    static final int TIMEOUT_MILLIS = 10_000;

    enum Framing { CLOSE_DELIMITED, CONTENT_LENGTH, CHUNKED }

    enum Ending {
        /** FIN after the bytes sent, no close_notify. */
        CUT_FIN,
        /** The whole body, then close_notify, then FIN. */
        CLOSE_NOTIFY_FIN,
        /** Keep the connection for the next request. */
        KEEP_ALIVE
    }

    /**
     * @param bodyBytes the body length the headers promise (or would, for close-delimited)
     * @param sentBytes how much of it is sent before the ending
     */
    record Plan(Framing framing, int bodyBytes, int sentBytes, Ending ending) {

        static Plan cutCloseDelimited(int bodyBytes, int sentBytes) {
            return new Plan(Framing.CLOSE_DELIMITED, bodyBytes, sentBytes, Ending.CUT_FIN);
        }

        static Plan properCloseDelimited(int bodyBytes) {
            return new Plan(Framing.CLOSE_DELIMITED, bodyBytes, bodyBytes, Ending.CLOSE_NOTIFY_FIN);
        }

        static Plan cutContentLength(int bodyBytes, int sentBytes) {
            return new Plan(Framing.CONTENT_LENGTH, bodyBytes, sentBytes, Ending.CUT_FIN);
        }

        /** The whole Content-Length body, then a FIN without close_notify: nothing is lost. */
        static Plan wholeContentLengthThenFin(int bodyBytes) {
            return new Plan(Framing.CONTENT_LENGTH, bodyBytes, bodyBytes, Ending.CUT_FIN);
        }

        /** A chunked body (one chunk of bodyBytes) cut by a FIN inside its chunk. */
        static Plan cutChunked(int bodyBytes, int sentBytes) {
            return new Plan(Framing.CHUNKED, bodyBytes, sentBytes, Ending.CUT_FIN);
        }

        /** The whole chunked body with its last chunk, then a FIN without close_notify. */
        static Plan wholeChunkedThenFin(int bodyBytes) {
            return new Plan(Framing.CHUNKED, bodyBytes, bodyBytes, Ending.CUT_FIN);
        }

        static Plan keepAlive(int bodyBytes) {
            return new Plan(Framing.CONTENT_LENGTH, bodyBytes, bodyBytes, Ending.KEEP_ALIVE);
        }
    }

    /**
     * Exact bytes to answer with: {@code answers.get(i)} after the i-th request head (a request
     * line and headers; the requests of these tests have no body), each answer sealed as one
     * write, then the ending (never {@link Ending#KEEP_ALIVE}) once every answer has gone. With
     * {@code readsRequests} false the one answer is written right after the handshake, before
     * anything is read: a server that speaks first (not HTTP). An empty answer writes nothing: a
     * server that drops a request unanswered.
     */
    record Script(List<byte[]> answers, Ending ending, boolean readsRequests) {

        Script {
            answers = List.copyOf(answers);
            if (ending == Ending.KEEP_ALIVE || (!readsRequests && answers.size() != 1)) {
                throw new IllegalArgumentException("a script ends its connection; a server that"
                        + " speaks first has one answer");
            }
        }

        static Script answering(Ending ending, String... answers) {
            return new Script(Arrays.stream(answers).map(a -> a.getBytes(StandardCharsets.ISO_8859_1))
                    .toList(), ending, true);
        }

        static Script speakingFirst(String greeting) {
            return new Script(List.of(greeting.getBytes(StandardCharsets.ISO_8859_1)), Ending.CUT_FIN, false);
        }
    }

    /** One accepted connection. */
    final class Conn {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final Socket socket;
        private volatile EnginePump link;
        private final AtomicBoolean closedIdle = new AtomicBoolean();
        private volatile boolean idle;
        private volatile int served;
        private volatile String endedBy = "open";

        Conn(Socket socket) {
            this.socket = socket;
        }

        int served() {
            return served;
        }

        /** How the client left: "close_notify", "eof" (bare FIN), "reset", ... */
        String endedBy() {
            return endedBy;
        }

        @Override
        public String toString() {
            return "conn(" + socket.getPort() + ", served=" + served + ", ended=" + endedBy + ")";
        }
    }

    private final SSLContext context;
    private final ServerSocket server;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Plan plan = Plan.keepAlive(16);
    /** When set, every connection follows it instead of {@link #plan}. */
    private volatile Script script;
    private volatile boolean closed;

    private TlsHttpServer(SSLContext context) throws IOException {
        this.context = context;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(TestTls.LOOPBACK, 0));
        this.acceptor = new Thread(this::acceptLoop, "tls-http-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TlsHttpServer start() throws IOException {
        return new TlsHttpServer(TestTls.context());
    }

    int port() {
        return server.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port() + path);
    }

    /** What to do with every following request. */
    void plan(Plan next) {
        this.plan = next;
        this.script = null;
    }

    /** What to do on every following connection: exact bytes, see {@link Script}. */
    void script(Script next) {
        this.script = next;
    }

    /** Connections accepted so far, oldest first. */
    List<Conn> connections() {
        return new ArrayList<>(conns);
    }

    /** Waits until every connection accepted so far has been closed by its client. */
    void awaitAllEnded() {
        for (Conn c : conns) {
            awaitEnded(c);
        }
    }

    static void awaitEnded(Conn c) {
        try {
            c.ended.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the client did not close " + c, e);
        }
    }

    /**
     * Sends a FIN without close_notify on every connection that is waiting for its next request,
     * the way a server ends an idle keep-alive connection without TLS courtesy.
     *
     * @return how many connections were closed
     */
    int closeIdleConnectionsWithoutCloseNotify() throws IOException {
        int n = 0;
        for (Conn c : conns) {
            if (c.idle && !c.ended.isDone() && c.closedIdle.compareAndSet(false, true)) {
                c.socket.shutdownOutput();
                n++;
            }
        }
        return n;
    }

    /**
     * Ends every connection still open properly (close_notify, then FIN), so that a client that
     * keeps it pooled can never find a bare EOF on it after its case. The connection threads go on
     * reading until their client closes.
     */
    void closeOpenConnectionsProperly() {
        for (Conn c : conns) {
            if (c.idle && !c.ended.isDone() && c.closedIdle.compareAndSet(false, true)) {
                try {
                    c.link.writeCloseNotifyNow();
                    c.socket.shutdownOutput();
                } catch (IOException ignored) {
                    // the client is gone already
                }
            }
        }
    }

    /** The body bytes a plan promises: printable and recognisable. */
    static byte[] body(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + (i % 26));
        }
        return b;
    }

    /** Stops accepting and ends open connections properly; their threads end with their clients. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeOpenConnectionsProperly();
    }

    private void acceptLoop() {
        AcceptLoop.run(server, () -> closed, e -> { }, socket -> {
            Conn conn = new Conn(socket);
            conns.add(conn);
            Thread t = new Thread(() -> serve(conn), "tls-http-server-" + socket.getPort());
            t.setDaemon(true);
            t.start();
            return true;
        });
    }

    private void serve(Conn conn) {
        Socket socket = conn.socket;
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            EnginePump tls = new EnginePump(engine, socket);
            conn.link = tls;
            if (!tls.handshake()) {
                conn.endedBy = "eof in handshake";
                return;
            }
            Script sc = script;
            if (sc != null) {
                serve(conn, tls, sc);
                return;
            }
            while (true) {
                conn.idle = true;
                EnginePump.Arrival a = readRequest(tls);
                conn.idle = false;
                if (conn.closedIdle.get()) {
                    // We already sent our FIN (with or without close_notify): whatever came (a
                    // request on the stale connection, an alert), the client must find out by itself.
                    conn.endedBy = drain(socket);
                    return;
                }
                if (a == EnginePump.Arrival.CLOSE_NOTIFY) {
                    // A client closing its pooled connection properly: answer in kind.
                    tls.writeRaw(tls.sealCloseNotify());
                    socket.shutdownOutput();
                    conn.endedBy = "close_notify+" + drain(socket);
                    return;
                }
                if (a == EnginePump.Arrival.EOF) {
                    conn.endedBy = "eof";
                    return;
                }
                Plan p = plan;
                // A keep-alive connection counts as idle from before its response goes out: once the
                // client has the response, a test may close it idle, and must not race this thread.
                conn.idle = p.ending() == Ending.KEEP_ALIVE;
                respond(tls, p);
                conn.served++;
                if (p.ending() == Ending.KEEP_ALIVE) {
                    continue;
                }
                if (p.ending() == Ending.CLOSE_NOTIFY_FIN) {
                    tls.writeRaw(tls.sealCloseNotify());
                }
                socket.shutdownOutput();
                conn.endedBy = drain(socket);
                return;
            }
        } catch (IOException e) {
            conn.endedBy = "error: " + e;
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
            conn.ended.complete(null);
        }
    }

    /** Follows a script on one connection; the caller closes the socket. */
    private void serve(Conn conn, EnginePump tls, Script sc) throws IOException {
        Socket socket = conn.socket;
        if (!sc.readsRequests()) {
            tls.writeRaw(tls.seal(sc.answers().get(0)));
        } else {
            // Request heads may arrive several in one record (pipelined): split them here.
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (byte[] answer : sc.answers()) {
                int end;
                while ((end = headEnd(pending)) < 0) {
                    EnginePump.Arrival a = tls.receive(EnginePump.Plaintext.into(pending));
                    if (a != EnginePump.Arrival.DATA) {
                        conn.endedBy = a == EnginePump.Arrival.EOF ? "eof" : "close_notify";
                        return;
                    }
                }
                byte[] rest = Arrays.copyOfRange(pending.toByteArray(), end, pending.size());
                pending.reset();
                pending.write(rest);
                if (answer.length > 0) {
                    tls.writeRaw(tls.seal(answer));
                }
                conn.served++;
            }
        }
        if (sc.ending() == Ending.CLOSE_NOTIFY_FIN) {
            tls.writeRaw(tls.sealCloseNotify());
        }
        socket.shutdownOutput();
        conn.endedBy = drain(socket);
    }

    /** The index just past the first request head's blank line in {@code b}, or -1. */
    private static int headEnd(ByteArrayOutputStream b) {
        int at = b.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        return at < 0 ? -1 : at + 4;
    }

    /** Reads one request head (GET requests have no body); DATA once it is complete. */
    private static EnginePump.Arrival readRequest(EnginePump tls) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            EnginePump.Arrival a = tls.receive(EnginePump.Plaintext.into(head));
            if (a != EnginePump.Arrival.DATA) {
                return a;
            }
            if (head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                return a;
            }
        }
    }

    private static void respond(EnginePump tls, Plan p) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");
        if (p.framing() == Framing.CONTENT_LENGTH) {
            head.append("Content-Length: ").append(p.bodyBytes()).append("\r\n");
        }
        if (p.framing() == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        if (p.ending() != Ending.KEEP_ALIVE) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] body = Arrays.copyOf(body(p.bodyBytes()), p.sentBytes());
        if (p.framing() == Framing.CHUNKED) {
            // One chunk of the whole body; its size line, and the last chunk only when whole.
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            chunked.writeBytes((Integer.toHexString(p.bodyBytes()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.writeBytes(body);
            if (p.sentBytes() == p.bodyBytes()) {
                chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            body = chunked.toByteArray();
        }
        // Head and body in records of their own; a cut falls between records.
        tls.writeRaw(tls.seal(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
        tls.writeRaw(tls.seal(body));
    }

    /** Reads raw bytes until the client closes; says how it ended. */
    private static String drain(Socket socket) {
        byte[] buf = new byte[4096];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buf) >= 0) {
                // discard: alerts or a request the server will not answer
            }
            return "eof";
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            return "error: " + e;
        }
    }
}
