package dev.closenotify.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * An SSLEngine driven by hand over a blocking socket's streams, shared by {@link EnginePeer} and
 * {@link EngineClient}. Streams rather than a SocketChannel because only stream reads honour
 * SO_TIMEOUT, and nothing in the demo may block forever.
 *
 * <p>Records are produced ({@link #seal}) separately from being written ({@link #write}) so the
 * peer can send exactly the bytes it wants, e.g. half a record. Received plaintext is counted and
 * discarded: the demo never needs, and never prints, its content.
 */
final class EngineConduit {

    /** What {@link #receive()} ran into. */
    enum Arrival {
        /** At least one application byte. */
        DATA,
        /** The peer's close_notify. */
        CLOSED,
        /** The transport ended (read returned -1) without close_notify. */
        EOF
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final InputStream in;
    private final OutputStream out;
    /** Kept in "read" mode (flipped) between calls; bytes beyond one record wait here. */
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private long appBytes;
    /** Looks for {@link Payload}'s marker in the received plaintext; null without a marker. */
    private final Payload.Scanner scanner = Payload.scanner();

    EngineConduit(SSLEngine engine, Socket socket) throws IOException {
        this.engine = engine;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
    }

    SSLEngine engine() {
        return engine;
    }

    /** Application bytes received so far. */
    long appBytes() {
        return appBytes;
    }

    /** The marker scanner of this connection's received plaintext, or null. */
    Payload.Scanner scanner() {
        return scanner;
    }

    /**
     * Runs the handshake to completion.
     *
     * @return false if the transport ended first; the caller decides what that means
     */
    boolean handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    byte[] bytes = sealOnce();
                    if (bytes.length == 0 && engine.isOutboundDone()) {
                        throw new SSLException("engine closed during handshake");
                    }
                    write(bytes);
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

    /**
     * Unwraps records until one yields application data, the peer's close_notify, or the
     * transport ends.
     *
     * <p>On CLOSED nothing is wrapped in reply, even where TLS 1.2 makes the engine queue its own
     * close_notify: whether to answer is the caller's decision (the peer sometimes must not).
     */
    Arrival receive() throws IOException {
        while (true) {
            servicePostHandshake();
            SSLEngineResult r = unwrapOne();
            if (r == null) {
                return Arrival.EOF;
            }
            if (r.getStatus() == Status.CLOSED || engine.isInboundDone()) {
                return Arrival.CLOSED;
            }
            if (r.bytesProduced() > 0) {
                return Arrival.DATA;
            }
        }
    }

    /** Encrypts all of {@code plaintext} into records without sending them. */
    byte[] seal(byte[] plaintext) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(plaintext);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (src.hasRemaining()) {
            SSLEngineResult r = wrap(src, records);
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("engine outbound already closed, cannot send application data");
            }
        }
        return records.toByteArray();
    }

    /** Closes the outbound side and returns the close_notify record(s) without sending them. */
    byte[] sealCloseNotify() throws IOException {
        engine.closeOutbound();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrap(EMPTY, records);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        return records.toByteArray();
    }

    void send(byte[] plaintext) throws IOException {
        write(seal(plaintext));
    }

    /** Writes raw bytes (records or any part of them) to the transport. */
    void write(byte[] raw) throws IOException {
        if (raw.length > 0) {
            out.write(raw);
            out.flush();
        }
    }

    /**
     * Reads, without decrypting, until one complete TLS record has arrived.
     *
     * @return false if the transport ended first
     */
    boolean skipRawRecord() throws IOException {
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

    /** Post-handshake messages (TLS 1.3 tickets, key updates) may need tasks or a reply. */
    private void servicePostHandshake() throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                byte[] bytes = sealOnce();
                if (bytes.length == 0) {
                    return;
                }
                write(bytes);
            } else {
                return;
            }
        }
    }

    private byte[] sealOnce() throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        wrap(EMPTY, records);
        return records.toByteArray();
    }

    private SSLEngineResult wrap(ByteBuffer src, ByteArrayOutputStream sink) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                continue;
            }
            netOut.flip();
            sink.write(netOut.array(), 0, netOut.limit());
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return r;
        }
    }

    /** One unwrap that consumed a record, or null when the transport ended before a full record. */
    private SSLEngineResult unwrapOne() throws IOException {
        while (true) {
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                                engine.getSession().getApplicationBufferSize()));
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        // need more bytes, read below
                    }
                    default -> {
                        appBytes += r.bytesProduced();
                        if (scanner != null) {
                            scanner.feed(appIn.array(), appIn.arrayOffset(), appIn.position());
                        }
                        appIn.clear();
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
