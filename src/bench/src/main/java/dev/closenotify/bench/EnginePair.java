package dev.closenotify.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A client and a server {@link SSLEngine} handshaken with each other in memory, no sockets: the
 * server wraps batches of records into a buffer, the client unwraps them. For measuring the
 * unwrap path alone ({@link ReadAlloc} {@code engine}, the JMH {@code EngineUnwrap}); wrapping
 * happens in {@link #fill()}, outside whatever the caller measures around {@link #unwrapAll()}.
 *
 * <p>Buffers are allocated once; {@link #fill()} and {@link #unwrapAll()} allocate nothing of
 * their own.
 */
public final class EnginePair {

    private final SSLEngine client;
    private final SSLEngine server;
    private final int batchRecords;
    private final ByteBuffer toClient;
    private final ByteBuffer toServer;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;
    private final ByteBuffer plain;

    /**
     * Creates both engines and completes their handshake.
     *
     * @param protocols the protocols to enable on both engines, or null for the context's
     *     defaults
     * @param record plaintext bytes per record (at most 16 KiB)
     * @param batchRecords records per {@link #fill()}
     */
    public EnginePair(SSLContext ctx, String[] protocols, int record, int batchRecords) throws IOException {
        client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        if (protocols != null) {
            client.setEnabledProtocols(protocols);
            server.setEnabledProtocols(protocols);
        }
        this.batchRecords = batchRecords;
        int packet = client.getSession().getPacketBufferSize();
        int app = client.getSession().getApplicationBufferSize();
        toClient = ByteBuffer.allocate(packet * Math.max(batchRecords, 8));
        toServer = ByteBuffer.allocate(packet * 8);
        clientApp = ByteBuffer.allocate(app);
        serverApp = ByteBuffer.allocate(app);
        plain = ByteBuffer.allocate(record);
        handshake();
    }

    public SSLEngine client() {
        return client;
    }

    /**
     * Opens an HTTP/1.1 exchange whose body never ends: the client sends {@link Support#REQUEST},
     * the server answers with {@link Support#ENDLESS_RESPONSE_HEAD}, so that every record
     * {@link #fill()} makes afterwards is response body to the client. With the agent, the
     * framing tracker then follows every unwrap (one subtraction per record) instead of
     * switching itself off at the first byte, as it does for the records of a non-HTTP stream.
     */
    public void openHttpExchange() throws IOException {
        send(client, server, Support.REQUEST, toServer, serverApp);
        send(server, client, Support.ENDLESS_RESPONSE_HEAD, toClient, clientApp);
    }

    private static void send(SSLEngine from, SSLEngine to, byte[] bytes, ByteBuffer net,
            ByteBuffer app) throws IOException {
        net.clear();
        SSLEngineResult w = from.wrap(ByteBuffer.wrap(bytes), net);
        if (w.getStatus() != SSLEngineResult.Status.OK || w.bytesConsumed() != bytes.length) {
            throw new IOException("wrap " + w);
        }
        net.flip();
        app.clear();
        SSLEngineResult u = to.unwrap(net, app);
        if (u.getStatus() != SSLEngineResult.Status.OK || u.bytesProduced() != bytes.length) {
            throw new IOException("unwrap " + u);
        }
        net.clear().flip();
    }

    /** Server wraps one batch of records into the client's network buffer (left ready to read). */
    public void fill() throws IOException {
        toClient.clear();
        for (int i = 0; i < batchRecords; i++) {
            plain.clear();
            SSLEngineResult r = server.wrap(plain, toClient);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new IOException("wrap " + r);
            }
        }
        toClient.flip();
    }

    /** Client unwraps everything {@link #fill()} produced, one unwrap per record; returns the count. */
    public int unwrapAll() throws IOException {
        int n = 0;
        while (toClient.hasRemaining()) {
            clientApp.clear();
            SSLEngineResult r = client.unwrap(toClient, clientApp);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new IOException("unwrap " + r.getStatus());
            }
            n++;
        }
        return n;
    }

    private void handshake() throws IOException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        toClient.clear().flip();
        toServer.clear().flip();
        for (int i = 0; i < 1_000; i++) {
            boolean clientDone = done(client.getHandshakeStatus());
            boolean serverDone = done(server.getHandshakeStatus());
            if (clientDone && serverDone && !toClient.hasRemaining() && !toServer.hasRemaining()) {
                return;
            }
            step(client, empty, toServer, toClient, clientApp);
            step(server, empty, toClient, toServer, serverApp);
        }
        throw new IOException("handshake did not finish");
    }

    private static boolean done(HandshakeStatus hs) {
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /** One side: run tasks, wrap what it must send (appended to out), unwrap what it got. */
    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in,
            ByteBuffer app) throws IOException {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
        while (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            out.compact();
            e.wrap(empty, out);
            out.flip();
            while ((task = e.getDelegatedTask()) != null) {
                task.run();
            }
        }
        while (in.hasRemaining()) {
            app.clear();
            SSLEngineResult r = e.unwrap(in, app);
            while ((task = e.getDelegatedTask()) != null) {
                task.run();
            }
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
    }
}
