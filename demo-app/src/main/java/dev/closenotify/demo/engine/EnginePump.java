package dev.closenotify.demo.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * An SSLEngine driven by hand over a blocking socket's streams: the one pump of the project, used
 * by the demo's peer and engine client, the integration tests' own TLS ends and the benchmarks.
 * Streams rather than a SocketChannel because only stream reads honour SO_TIMEOUT, so nothing
 * blocks for ever. Not thread-safe, except {@link #writeCloseNotifyNow()}.
 *
 * <p>Two ways to use it:
 * <ul>
 * <li><b>By hand</b>, for ends that must send exactly the bytes a case needs and tell a received
 * close_notify from a bare EOF: {@link #handshake()}, {@link #receive(Plaintext)}, records produced
 * ({@link #seal}, {@link #sealCloseNotify()}) separately from being written ({@link #writeRaw}),
 * so an end can send half a record or none at all. These never call
 * {@link SSLEngine#closeInbound()}: that call is the agent's engine hook, so an end living in a
 * JVM the agent watches (the demo's peer, the tests' servers and probes) produces no events.
 * <li><b>As a library does</b> (Netty's SslHandler): {@link #read(byte[], int, int)} and
 * {@link #drain()} call {@code closeInbound()} when the transport ends without the peer's
 * close_notify, and {@link #close()} calls it whatever happened before. With {@link #send(ByteBuffer)}
 * and {@link #closeOutbound()}, after the handshake these paths allocate nothing: buffers are
 * allocated once per pump (and grown only if the session's sizes grow).
 * </ul>
 */
public final class EnginePump implements AutoCloseable {

    /** What {@link #receive(Plaintext)} ran into. */
    public enum Arrival {
        /** At least one application byte (handed to the sink). */
        DATA,
        /** The peer's close_notify. */
        CLOSE_NOTIFY,
        /** The transport ended (read returned -1) without close_notify. */
        EOF
    }

    /** Where {@link #receive(Plaintext)} hands the plaintext of each record it unwraps. */
    @FunctionalInterface
    public interface Plaintext {
        /** Discards the plaintext. */
        Plaintext DISCARD = (bytes, offset, length) -> { };

        void accept(byte[] bytes, int offset, int length) throws IOException;

        /** Appends to {@code sink}. */
        static Plaintext into(ByteArrayOutputStream sink) {
            return sink::write;
        }
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Network bytes received and not yet unwrapped; kept in read mode (flipped) between calls. */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet handed out; kept in read mode (flipped) between calls. */
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private long appBytes;
    /** {@link #read}: the peer's close_notify or the transport's end has been seen. */
    private boolean inputEnded;

    public EnginePump(SSLEngine engine, Socket socket) throws IOException {
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

    public SSLEngine engine() {
        return engine;
    }

    public Socket socket() {
        return socket;
    }

    /** Application bytes unwrapped so far. */
    public long appBytes() {
        return appBytes;
    }

    /**
     * Runs the handshake to completion.
     *
     * @return false if the transport ended first; the caller decides what that means
     */
    public boolean handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    SSLEngineResult r = wrapOnce(EMPTY);
                    if (r.bytesProduced() == 0 && engine.isOutboundDone()) {
                        throw new SSLException("engine closed during the handshake");
                    }
                    writeNetOut();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrapOne();
                    if (r == null) {
                        return false;
                    }
                    if (r.getStatus() == Status.CLOSED) {
                        throw new SSLException("peer closed the connection during the handshake");
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }

    // ---- by hand ---------------------------------------------------------------------------------

    /** {@link #receive(Plaintext)}, discarding the plaintext. */
    public Arrival receive() throws IOException {
        return receive(Plaintext.DISCARD);
    }

    /**
     * Unwraps records until one yields application data (handed to {@code sink}), the peer's
     * close_notify arrives, or the transport ends.
     *
     * <p>On CLOSE_NOTIFY nothing is wrapped in reply, even where TLS 1.2 makes the engine queue its
     * own close_notify: whether to answer is the caller's decision (an end sometimes must not).
     */
    public Arrival receive(Plaintext sink) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                handOut(sink);
                return Arrival.DATA;
            }
            servicePostHandshake();
            SSLEngineResult r = unwrapOne();
            if (r == null) {
                return Arrival.EOF;
            }
            handOut(sink);
            if (r.getStatus() == Status.CLOSED || engine.isInboundDone()) {
                return Arrival.CLOSE_NOTIFY;
            }
            if (r.bytesProduced() > 0) {
                return Arrival.DATA;
            }
        }
    }

    /** Encrypts all of {@code plaintext} into records without sending them. */
    public byte[] seal(byte[] plaintext) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(plaintext);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (src.hasRemaining()) {
            SSLEngineResult r = wrapOnce(src);
            records.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("engine outbound already closed, cannot send application data");
            }
        }
        return records.toByteArray();
    }

    /** Closes the outbound side and returns the close_notify record(s) without sending them. */
    public byte[] sealCloseNotify() throws IOException {
        engine.closeOutbound();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrapOnce(EMPTY);
            records.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        return records.toByteArray();
    }

    /** Encrypts and sends all of {@code plaintext}. */
    public void send(byte[] plaintext) throws IOException {
        send(ByteBuffer.wrap(plaintext));
    }

    /** Writes raw bytes (records or any part of them) to the transport, unencrypted. */
    public void writeRaw(byte[] raw) throws IOException {
        writeRaw(raw, 0, raw.length);
    }

    /**
     * Sends a close_notify from a thread other than the one using the pump (e.g. one blocked in
     * {@link #receive}): the engine locks itself, and this uses none of the pump's buffers.
     */
    public void writeCloseNotifyNow() throws IOException {
        engine.closeOutbound();
        ByteBuffer buf = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(EMPTY, buf);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        buf.flip();
        writeRaw(Arrays.copyOf(buf.array(), buf.limit()));
    }

    /**
     * Reads, without decrypting, until one complete TLS record has arrived, and drops it.
     *
     * @return false if the transport ended first
     */
    public boolean skipRawRecord() throws IOException {
        while (netIn.remaining() < 5) {
            if (!fill()) {
                return false;
            }
        }
        int length = ((netIn.get(netIn.position() + 3) & 0xff) << 8) | (netIn.get(netIn.position() + 4) & 0xff);
        int total = 5 + length;
        while (netIn.remaining() < total) {
            if (!fill()) {
                return false;
            }
        }
        netIn.position(netIn.position() + total);
        return true;
    }

    // ---- as a library does -----------------------------------------------------------------------

    /** Encrypts and sends all of {@code src}; allocates nothing. */
    public void send(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            SSLEngineResult r = wrapOnce(src);
            writeNetOut();
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("engine outbound already closed, cannot send application data");
            }
        }
    }

    /**
     * Reads plaintext into {@code dst} as an InputStream does. Returns -1 after the peer's
     * close_notify, or, when the transport ended without it, calls {@code closeInbound()} first,
     * as Netty does: the JDK answers with an SSLException, which is thrown, exactly what a library
     * sees (later calls return -1). A TLS 1.2 close_notify is answered, and post-handshake
     * messages serviced, as a library does.
     */
    public int read(byte[] dst, int off, int len) throws IOException {
        if (!awaitPlaintext()) {
            return -1;
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(dst, off, n);
        return n;
    }

    /** Reads and discards until the peer's close_notify or the end of the transport, as {@link #read}. */
    public void drain() throws IOException {
        while (awaitPlaintext()) {
            appIn.position(appIn.limit());
        }
    }

    /** Sends close_notify; does not wait for the peer's. */
    public void closeOutbound() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrapOnce(EMPTY);
            writeNetOut();
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        out.flush();
    }

    /**
     * Ends the pump as Netty's {@code channelInactive} does: {@code closeInbound()} whatever
     * happened before (the JDK returns at once when inbound is already done; otherwise its
     * SSLException is swallowed, as Netty does), then closes the socket. Ends that must produce no
     * agent event close the socket instead.
     */
    @Override
    public void close() throws IOException {
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // Netty swallows it too.
        } finally {
            socket.close();
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    /** Unwraps until plaintext is buffered (true), or the input ended (false); see {@link #read}. */
    private boolean awaitPlaintext() throws IOException {
        while (!appIn.hasRemaining()) {
            if (inputEnded) {
                return false;
            }
            servicePostHandshake();
            SSLEngineResult r = unwrapOne();
            if (r == null) {
                inputEnded = true;
                engine.closeInbound();
                return false;
            }
            if (r.getStatus() == Status.CLOSED || engine.isInboundDone()) {
                inputEnded = true;
                // TLS 1.2: the close_notify the engine queued in reply goes out, as libraries send it.
                servicePostHandshake();
            }
        }
        return true;
    }

    /** Hands what appIn holds to the sink and empties it. */
    private void handOut(Plaintext sink) throws IOException {
        if (appIn.hasRemaining()) {
            sink.accept(appIn.array(), appIn.arrayOffset() + appIn.position(), appIn.remaining());
            appIn.position(appIn.limit());
        }
    }

    /** Post-handshake messages (TLS 1.3 tickets, key updates) may need tasks or a reply. */
    private void servicePostHandshake() throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                SSLEngineResult r = wrapOnce(EMPTY);
                if (r.bytesProduced() == 0) {
                    return;
                }
                writeNetOut();
            } else {
                return;
            }
        }
    }

    /** One wrap into netOut, left in read mode holding the bytes produced. */
    private SSLEngineResult wrapOnce(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                continue;
            }
            netOut.flip();
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return r;
        }
    }

    private void writeNetOut() throws IOException {
        writeRaw(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
        netOut.position(netOut.limit());
    }

    /** Every write to the socket goes through here, so {@link #writeCloseNotifyNow} cannot interleave. */
    private synchronized void writeRaw(byte[] raw, int offset, int length) throws IOException {
        if (length > 0) {
            out.write(raw, offset, length);
            out.flush();
        }
    }

    /**
     * One unwrap that consumed a record (its plaintext appended to appIn), or null when the
     * transport ended before a full record.
     */
    private SSLEngineResult unwrapOne() throws IOException {
        while (true) {
            if (netIn.hasRemaining()) {
                appIn.compact();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    appIn.flip();
                }
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining()
                                + Math.max(appIn.capacity(), engine.getSession().getApplicationBufferSize()));
                        appIn = bigger.put(appIn).flip();
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        // need more bytes, read below
                    }
                    default -> {
                        appBytes += r.bytesProduced();
                        return r;
                    }
                }
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** Appends what the socket has to netIn; false at end of stream. */
    private boolean fill() throws IOException {
        netIn.compact();
        int packet = engine.getSession().getPacketBufferSize();
        // Grow only when full (a record can be bigger than what is buffered) or when the
        // session's packet size grew after the handshake.
        if (!netIn.hasRemaining() || netIn.capacity() < packet) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + packet);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        int n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        if (n > 0) {
            netIn.position(netIn.position() + n);
        }
        netIn.flip();
        return n >= 0;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
