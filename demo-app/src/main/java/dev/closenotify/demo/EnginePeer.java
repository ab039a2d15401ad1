package dev.closenotify.demo;

import dev.closenotify.demo.engine.EnginePump;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The misbehaving server. It accepts plain TCP and does TLS itself with a server-mode SSLEngine,
 * because only then can it send exactly the raw bytes a scenario needs: a close_notify or not,
 * half a record, a FIN or a RST.
 *
 * <p>It lives in the same JVM as the clients, so it must never call {@code closeInbound()} on its
 * engine: the agent would count that as the client side's event.
 *
 * <p>Connections are served one at a time from the demo's point of view: {@link #expect} arms
 * the behaviour for the next accepted connection and returns a future that completes when the
 * peer has finished with it.
 */
public final class EnginePeer implements AutoCloseable {

    public static final int TIMEOUT_MILLIS = 10_000;
    /**
     * IPv4 loopback explicitly, not getLoopbackAddress(): that may be ::1, which the demo
     * certificate does not name, so hostname verification would fail.
     */
    public static final InetAddress LOOPBACK = ipv4Loopback();

    /** Plaintext size of the record the mid-record truncation cuts in half. */
    private static final int CUT_RECORD_PLAINTEXT = 512;

    private record Expectation(PeerBehaviour behaviour, int appBytes, CompletableFuture<Void> done) {
    }

    private final SSLContext context;
    private final ServerSocket server;
    private final BlockingQueue<Expectation> pending = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private EnginePeer(SSLContext context, ServerSocket server) {
        this.context = context;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "closenotify-peer-accept");
        this.acceptor.setDaemon(true);
    }

    public static EnginePeer start(SSLContext context) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(LOOPBACK, 0));
        EnginePeer peer = new EnginePeer(context, server);
        peer.acceptor.start();
        return peer;
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Arms the behaviour for the next connection. A previously armed behaviour whose client never
     * connected is dropped and its future failed, so one broken run cannot shift all later ones.
     */
    public CompletableFuture<Void> expect(PeerBehaviour behaviour, int appBytes) {
        Expectation stale;
        while ((stale = pending.poll()) != null) {
            stale.done().completeExceptionally(new IllegalStateException("no client connected for " + stale.behaviour()));
        }
        Expectation e = new Expectation(behaviour, appBytes, new CompletableFuture<>());
        pending.add(e);
        return e.done();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    private void acceptLoop() {
        AcceptLoop.run(server, () -> closed,
                e -> System.err.println("closenotify-demo peer: accept failed: " + e), this::dispatch);
    }

    /** Serves a connection on its own thread with the armed behaviour; false: stop accepting. */
    private boolean dispatch(Socket socket) {
        Expectation e;
        try {
            e = pending.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            closeQuietly(socket);
            return false;
        }
        if (e == null) {
            System.err.println("closenotify-demo peer: unexpected connection from " + socket.getRemoteSocketAddress());
            closeQuietly(socket);
            return true;
        }
        Thread t = new Thread(() -> serve(socket, e), "closenotify-peer-" + e.behaviour());
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void serve(Socket socket, Expectation e) {
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            act(socket, e.behaviour(), e.appBytes());
            e.done().complete(null);
        } catch (Throwable t) {
            // Reported by whoever waits on the future; logging here too would say it twice.
            e.done().completeExceptionally(t);
        } finally {
            closeQuietly(socket);
        }
    }

    private void act(Socket socket, PeerBehaviour behaviour, int appBytes) throws IOException {
        if (behaviour == PeerBehaviour.HANDSHAKE_EOF) {
            // Never create an engine: the point is that the client's handshake meets a bare EOF.
            if (socket.getInputStream().read(new byte[1024]) < 0) {
                throw new EOFException("client closed before sending its ClientHello");
            }
            finishWithFin(socket);
            return;
        }

        EnginePump tls = new EnginePump(TlsMaterial.serverEngine(context), socket);
        if (!tls.handshake()) {
            throw new EOFException("client closed during the handshake");
        }
        Payload.Scanner scanner = Payload.scanner();
        if (behaviour.http()) {
            readHttpRequest(tls, scanner);
            Payload.peerDone(scanner);
            // One write, FIN behind it: all five HTTP rows end alike at the TLS level; only the
            // response's framing differs, and with it what the cut costs.
            tls.writeRaw(tls.seal(HttpExchange.response(behaviour, appBytes)));
            finishWithFin(socket);
            return;
        }
        readRequest(tls, scanner);
        Payload.peerDone(scanner);
        byte[] response = tls.seal(Payload.response(appBytes));

        switch (behaviour) {
            case CLEAN_CLOSE -> {
                tls.writeRaw(response);
                tls.writeRaw(tls.sealCloseNotify());
                // The client closes first here; the FIN goes out only after its close.
                drain(socket);
            }
            case CLOSE_NOTIFY_WITH_FIN -> {
                // One write, FIN right behind it: the close_notify and the FIN arrive together.
                tls.writeRaw(concat(response, tls.sealCloseNotify()));
                finishWithFin(socket);
            }
            case TRUNCATE_FIN -> {
                tls.writeRaw(response);
                finishWithFin(socket);
            }
            case TRUNCATE_MID_RECORD -> {
                byte[] next = tls.seal(Payload.response(CUT_RECORD_PLAINTEXT));
                // The 5-byte header plus part of the body: the client has a record it can never finish.
                tls.writeRaw(concat(response, Arrays.copyOf(next, next.length / 2)));
                finishWithFin(socket);
            }
            case TRUNCATE_RST -> {
                tls.writeRaw(response);
                // Linger 0 turns close() into an abortive close: RST instead of FIN.
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case LOCAL_CLOSE_FIRST -> {
                tls.writeRaw(response);
                awaitCloseNotify(tls);
                // TLS 1.2 engines have queued a close_notify reply by now; not wrapping it is the misbehaviour.
                finishWithFin(socket);
            }
            case TLS13_HALF_CLOSE -> {
                tls.writeRaw(response);
                tls.writeRaw(tls.sealCloseNotify());
                // The client may still write after our close_notify; wait for that record, then go.
                tls.skipRawRecord();
                finishWithFin(socket);
            }
            default -> throw new IllegalStateException("unhandled behaviour " + behaviour);
        }
    }

    private static void readRequest(EnginePump tls, Payload.Scanner scanner) throws IOException {
        EnginePump.Plaintext sink = Payload.sink(scanner);
        while (tls.appBytes() < 1) {
            EnginePump.Arrival a = tls.receive(sink);
            if (a != EnginePump.Arrival.DATA) {
                throw new EOFException("client ended (" + a + ") before sending its request");
            }
        }
    }

    /** Reads until the request's header block has ended, as an HTTP server does before answering. */
    private static void readHttpRequest(EnginePump tls, Payload.Scanner scanner) throws IOException {
        EnginePump.Plaintext marker = Payload.sink(scanner);
        HttpExchange.RequestEnd end = new HttpExchange.RequestEnd();
        EnginePump.Plaintext sink = (bytes, offset, length) -> {
            marker.accept(bytes, offset, length);
            end.feed(bytes, offset, length);
        };
        while (!end.reached()) {
            EnginePump.Arrival a = tls.receive(sink);
            if (a != EnginePump.Arrival.DATA) {
                throw new EOFException("client ended (" + a + ") before its HTTP request was complete");
            }
        }
    }

    private static void awaitCloseNotify(EnginePump tls) throws IOException {
        while (true) {
            EnginePump.Arrival a = tls.receive();
            if (a == EnginePump.Arrival.CLOSE_NOTIFY) {
                return;
            }
            if (a == EnginePump.Arrival.EOF) {
                throw new EOFException("client ended without the close_notify this scenario waits for");
            }
        }
    }

    /** FIN, then wait for the client's FIN, so the close never turns into an RST by accident. */
    private static void finishWithFin(Socket socket) throws IOException {
        socket.shutdownOutput();
        drain(socket);
    }

    /**
     * Reads raw bytes until the client closes. Bounded by SO_TIMEOUT. A reset is the client's
     * way of ending too (it may abort after an error), so it counts as the end, not as a failure.
     */
    private static void drain(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (SocketException e) {
            if (!isReset(e)) {
                throw e;
            }
        }
    }

    private static boolean isReset(SocketException e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("reset");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket we are discarding
        }
    }
}
