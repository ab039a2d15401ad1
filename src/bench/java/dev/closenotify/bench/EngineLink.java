package dev.closenotify.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * An SSLEngine driven by hand over a blocking socket's streams (stream reads honour SO_TIMEOUT,
 * so nothing blocks for ever). It behaves like the libraries the agent targets: when the
 * transport ends without the peer's close_notify it calls {@link SSLEngine#closeInbound()}, as
 * Netty does.
 *
 * <p>Buffers are allocated once per link; the read and write paths allocate nothing themselves.
 */
final class EngineLink implements AutoCloseable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Network bytes received and not yet unwrapped; kept in read mode (flipped). */
    private final ByteBuffer netIn;
    /** Decrypted bytes not yet handed out; kept in read mode (flipped). */
    private final ByteBuffer appIn;
    private final ByteBuffer netOut;
    private boolean inboundClosed;

    EngineLink(SSLEngine engine, Socket socket) throws IOException {
        this.engine = engine;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        int app = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packet * 2).flip();
        this.appIn = ByteBuffer.allocate(app * 2).flip();
        this.netOut = ByteBuffer.allocate(packet * 2);
    }

    SSLEngine engine() {
        return engine;
    }

    void handshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
            switch (hs) {
                case NEED_WRAP -> hs = wrapAndSend(EMPTY).getHandshakeStatus();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrapOnce();
                    if (r == null) {
                        throw new EOFException("transport ended during the handshake");
                    }
                    hs = r.getHandshakeStatus();
                }
                case NEED_TASK -> {
                    runTasks();
                    hs = engine.getHandshakeStatus();
                }
                default -> throw new IllegalStateException("handshake status " + hs);
            }
        }
    }

    /** Encrypts and sends all of {@code src}. */
    void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            SSLEngineResult r = wrapAndSend(src);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("engine outbound closed");
            }
        }
    }

    /**
     * Reads decrypted bytes into {@code dst}; returns -1 after the peer's close_notify or, when
     * the transport ended without it, after calling {@code closeInbound()} (which the JDK answers
     * with an SSLException that is rethrown, exactly what a library sees).
     */
    int read(byte[] dst, int off, int len) throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundClosed) {
                return -1;
            }
            SSLEngineResult r = unwrapOnce();
            if (r == null) {
                inboundClosed = true;
                engine.closeInbound();
                return -1;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundClosed = true;
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                wrapAndSend(EMPTY);
            }
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(dst, off, n);
        return n;
    }

    /** Sends close_notify and flushes it; does not wait for the peer's. */
    void closeOutbound() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            wrapAndSend(EMPTY);
        }
        out.flush();
    }

    /** Reads and discards until the peer's close_notify or the end of the transport. */
    void drain() throws IOException {
        byte[] sink = new byte[4096];
        while (read(sink, 0, sink.length) >= 0) {
            // discard
        }
    }

    /**
     * Ends the link as Netty's {@code channelInactive} does: {@code closeInbound()} whatever
     * happened before (the JDK returns at once when inbound is already done; otherwise its
     * SSLException is swallowed, as Netty does), then the socket.
     */
    @Override
    public void close() throws IOException {
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // Netty swallows it too.
        }
        socket.close();
    }

    private SSLEngineResult wrapAndSend(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        netOut.flip();
        if (netOut.hasRemaining()) {
            out.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    /** One unwrap step, reading from the socket as needed; null when the transport ended. */
    private SSLEngineResult unwrapOnce() throws IOException {
        while (true) {
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            switch (r.getStatus()) {
                case OK, CLOSED -> {
                    return r;
                }
                case BUFFER_UNDERFLOW -> {
                    if (!fill()) {
                        return null;
                    }
                }
                case BUFFER_OVERFLOW -> throw new IllegalStateException("application buffer too small");
                default -> throw new IllegalStateException("unwrap status " + r.getStatus());
            }
        }
    }

    /** Appends what the socket has to netIn; false at the end of the transport. */
    private boolean fill() throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                throw new IllegalStateException("network buffer too small");
            }
            int n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n < 0) {
                return false;
            }
            netIn.position(netIn.position() + n);
            return true;
        } finally {
            netIn.flip();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
