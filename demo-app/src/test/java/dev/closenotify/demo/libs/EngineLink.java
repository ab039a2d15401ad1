package dev.closenotify.demo.libs;

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
 * An SSLEngine driven by hand over a blocking socket, for the test's own TLS ends (the HTTP test
 * server and the nginx probe). Driving the engine by hand is what lets an end send exactly the bytes
 * a case needs (records with or without a close_notify, then a FIN) and tell a received close_notify
 * from a bare EOF.
 *
 * <p>It never calls {@code closeInbound()}: it lives in the JVM the agent watches, and that call is
 * the agent's engine hook. So the test's own ends never produce events.
 */
final class EngineLink {

    /** What {@link #receive} ran into. */
    enum Arrival {
        /** Application bytes (appended to the sink). */
        DATA,
        /** The peer's close_notify. */
        CLOSE_NOTIFY,
        /** The transport ended without close_notify. */
        EOF
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    EngineLink(SSLEngine engine, Socket socket) throws IOException {
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

    /** Runs the handshake; false if the transport ended first. */
    boolean handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    byte[] bytes = wrapOnce();
                    if (bytes.length == 0 && engine.isOutboundDone()) {
                        throw new SSLException("engine closed during the handshake");
                    }
                    write(bytes);
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrapOne(null);
                    if (r == null) {
                        return false;
                    }
                    if (r.getStatus() == Status.CLOSED) {
                        throw new SSLException("peer closed during the handshake");
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }

    /**
     * Unwraps records until one yields application data (appended to {@code sink}), the peer's
     * close_notify arrives, or the transport ends.
     */
    Arrival receive(ByteArrayOutputStream sink) throws IOException {
        while (true) {
            servicePostHandshake();
            SSLEngineResult r = unwrapOne(sink);
            if (r == null) {
                return Arrival.EOF;
            }
            if (r.getStatus() == Status.CLOSED || engine.isInboundDone()) {
                return Arrival.CLOSE_NOTIFY;
            }
            if (r.bytesProduced() > 0) {
                return Arrival.DATA;
            }
        }
    }

    /** Encrypts {@code plaintext} into records without sending them. */
    byte[] seal(byte[] plaintext) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(plaintext);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (src.hasRemaining()) {
            if (wrap(src, records).getStatus() == Status.CLOSED) {
                throw new SSLException("outbound already closed");
            }
        }
        return records.toByteArray();
    }

    /** Closes the outbound side and returns the close_notify record without sending it. */
    byte[] sealCloseNotify() throws IOException {
        engine.closeOutbound();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        while (!engine.isOutboundDone()) {
            if (wrap(EMPTY, records).bytesProduced() == 0) {
                break;
            }
        }
        return records.toByteArray();
    }

    /**
     * Sends a close_notify from a thread other than the one blocked in {@link #receive}: the engine
     * locks itself, and this uses none of the receive side's buffers.
     */
    void writeCloseNotifyNow() throws IOException {
        engine.closeOutbound();
        ByteBuffer buf = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(EMPTY, buf);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        buf.flip();
        write(Arrays.copyOf(buf.array(), buf.limit()));
    }

    synchronized void write(byte[] raw) throws IOException {
        if (raw.length > 0) {
            out.write(raw);
            out.flush();
        }
    }

    /** TLS 1.3 tickets and key updates may need tasks or a reply before more data comes. */
    private void servicePostHandshake() throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                byte[] bytes = wrapOnce();
                if (bytes.length == 0) {
                    return;
                }
                write(bytes);
            } else {
                return;
            }
        }
    }

    private byte[] wrapOnce() throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        wrap(EMPTY, records);
        return records.toByteArray();
    }

    private SSLEngineResult wrap(ByteBuffer src, ByteArrayOutputStream sink) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
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

    /** One unwrap that consumed a record, or null at end of stream before a whole record. */
    private SSLEngineResult unwrapOne(ByteArrayOutputStream sink) throws IOException {
        while (true) {
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    appIn = ByteBuffer.allocate(appIn.capacity() * 2);
                    continue;
                }
                if (r.getStatus() != Status.BUFFER_UNDERFLOW) {
                    appIn.flip();
                    if (sink != null) {
                        sink.write(appIn.array(), 0, appIn.limit());
                    }
                    appIn.clear();
                    return r;
                }
            }
            if (!fill()) {
                return null;
            }
        }
    }

    private boolean fill() throws IOException {
        netIn.compact();
        int packet = engine.getSession().getPacketBufferSize();
        if (!netIn.hasRemaining() || netIn.capacity() < packet) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + packet);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
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
