package dev.closenotify.agent.detect;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.FramingTracker;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.framing.Role;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.bridge.AppDataWatch;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * The framing watch of one socket or engine: feeds its application bytes, both directions, to a
 * {@link FramingTracker}, and gives the verdict when the connection ends without close_notify.
 *
 * <p>Made when the connection is constructed, before its role is settled or ALPN has run; the
 * tracker is made at the first application byte, when both are known (no application byte moves
 * before the handshake is done), from the public {@code SSLSocket}/{@code SSLEngine} API, once.
 *
 * <p>Engines hand their bytes over as buffer arrays whose positions have moved by the time
 * {@code wrap}/{@code unwrap} returns, so their entry marks where each buffer's bytes start
 * (the first {@value #MARKS} buffers of the range, in arrays made with the watch). Bytes beyond
 * those, or positions that do not add up to the count the engine reports, switch the tracker off
 * (unknown) rather than guess.
 *
 * <p>Per call: a volatile read, a comparison, and the tracker's own work; no allocation, no lock
 * after the tracker exists.
 */
public final class FramingWatch implements AppDataWatch {

    static final int MARKS = 16;

    private final Object connection;
    private final int[] inMarks;
    private final int[] outMarks;
    /**
     * The thread whose call the marks are for. The marks are taken outside the engine's lock,
     * and the API lets two threads unwrap (or wrap) one engine at once: a call that finds its
     * marks taken over by another switches the tracker off instead of reading wrong bytes.
     */
    private volatile Thread inMarker;
    private volatile Thread outMarker;
    /** Made at the first application byte (or at the EOF, if none ever moved). */
    private volatile FramingTracker tracker;

    FramingWatch(Object connection) {
        this.connection = connection;
        boolean engine = connection instanceof SSLEngine;
        this.inMarks = engine ? new int[MARKS] : null;
        this.outMarks = engine ? new int[MARKS] : null;
    }

    @Override
    public void read(byte[] b, int off, int n) {
        tracker().inbound(b, off, n);
    }

    @Override
    public void written(byte[] b, int off, int len) {
        tracker().outbound(b, off, len);
    }

    @Override
    public void beforeUnwrap(ByteBuffer[] dsts, int off, int len) {
        if (marking()) {
            inMarker = Thread.currentThread(); // before the marks: an overlap sees it was overtaken
            mark(inMarks, dsts, off, len);
        }
    }

    @Override
    public void unwrapped(ByteBuffer[] dsts, int off, int len, int produced) {
        moved(true, dsts, off, len, produced);
    }

    @Override
    public void beforeWrap(ByteBuffer[] srcs, int off, int len) {
        if (marking()) {
            outMarker = Thread.currentThread();
            mark(outMarks, srcs, off, len);
        }
    }

    @Override
    public void wrapped(ByteBuffer[] srcs, int off, int len, int consumed) {
        moved(false, srcs, off, len, consumed);
    }

    /** An engine call moved {@code count} bytes: feed them if this call's marks are still its own. */
    private void moved(boolean inbound, ByteBuffer[] bufs, int off, int len, int count) {
        FramingTracker t = tracker();
        Thread me = Thread.currentThread();
        if (marker(inbound) != me) {
            t.lose();
            return;
        }
        feed(t, inbound, inbound ? inMarks : outMarks, bufs, off, len, count);
        if (marker(inbound) != me) {
            t.lose(); // overtaken while reading: what was fed may be another call's bytes
        }
    }

    private Thread marker(boolean inbound) {
        return inbound ? inMarker : outMarker;
    }

    /** Marks are needed while the tracker may still follow the connection. */
    private boolean marking() {
        FramingTracker t = tracker;
        return inMarks != null && (t == null || !t.off());
    }

    /**
     * The verdict for an event of this kind on the watch's connection. Without a watch nothing
     * was looked at: unknown. A handshake cut before any application byte could move loses no
     * message; everything else is the tracker's call.
     *
     * @param watch the connection's watch, or null when there was none (framing off, the
     *     connection made before the agent, a stack without one)
     * @return {@code FramingTracker}-style pair: the harm, then the framing
     */
    static Verdict verdictOf(Object watch, Kind kind) {
        if (!(watch instanceof FramingWatch)) {
            return Verdict.UNKNOWN; // framing off, or a connection the agent could not watch
        }
        if (kind == Kind.HANDSHAKE_EOF) {
            return Verdict.HANDSHAKE;
        }
        FramingTracker t = ((FramingWatch) watch).tracker();
        return new Verdict(t.harm(), t.framing());
    }

    /** A verdict: harm and framing, read at the same moment. */
    record Verdict(Harm harm, Framing framing) {
        static final Verdict UNKNOWN = new Verdict(Harm.UNKNOWN, Framing.UNKNOWN);
        static final Verdict HANDSHAKE = new Verdict(Harm.NONE, Framing.BETWEEN_MESSAGES);
    }

    private FramingTracker tracker() {
        FramingTracker t = tracker;
        return t != null ? t : create();
    }

    /**
     * Once per connection; inbound and outbound may race to be first. Role and ALPN are read
     * before the monitor is taken: the getters take the socket's or engine's own lock, which is
     * then never held while waiting for ours.
     */
    private FramingTracker create() {
        Role role = role();
        String alpn = alpn();
        synchronized (this) {
            FramingTracker t = tracker;
            if (t == null) {
                t = new FramingTracker(role, alpn);
                tracker = t;
            }
            return t;
        }
    }

    private Role role() {
        try {
            boolean client = connection instanceof SSLSocket
                    ? ((SSLSocket) connection).getUseClientMode()
                    : ((SSLEngine) connection).getUseClientMode();
            return client ? Role.CLIENT : Role.SERVER;
        } catch (RuntimeException e) {
            return null; // No role, no tracking: the verdict says unknown.
        }
    }

    private String alpn() {
        try {
            return connection instanceof SSLSocket
                    ? ((SSLSocket) connection).getApplicationProtocol()
                    : ((SSLEngine) connection).getApplicationProtocol();
        } catch (RuntimeException e) {
            return null; // Then the first bytes decide (a provider without ALPN support).
        }
    }

    private static void mark(int[] marks, ByteBuffer[] bufs, int off, int len) {
        if (bufs == null || off < 0 || len < 0 || off > bufs.length - len) {
            return; // The engine rejects these arguments itself: nothing will move.
        }
        int n = Math.min(len, MARKS);
        for (int i = 0; i < n; i++) {
            ByteBuffer b = bufs[off + i];
            marks[i] = b == null ? -1 : b.position();
        }
    }

    /** The {@code count} bytes that moved lie in each buffer between its mark and its position. */
    private static void feed(FramingTracker t, boolean inbound, int[] marks, ByteBuffer[] bufs,
            int off, int len, int count) {
        if (t.off()) {
            return;
        }
        if (marks == null || bufs == null || off < 0 || len < 0 || off > bufs.length - len) {
            t.lose();
            return;
        }
        int left = count;
        int n = Math.min(len, MARKS);
        for (int i = 0; i < n && left > 0; i++) {
            ByteBuffer b = bufs[off + i];
            int start = marks[i];
            if (b == null || start < 0) {
                t.lose();
                return;
            }
            int moved = b.position() - start;
            if (moved < 0 || moved > left) {
                t.lose(); // Someone else moved the buffer: its bytes cannot be told apart.
                return;
            }
            if (moved > 0) {
                if (inbound) {
                    t.inbound(b, start, moved);
                } else {
                    t.outbound(b, start, moved);
                }
                left -= moved;
            }
        }
        if (left != 0) {
            t.lose(); // Bytes beyond the marked buffers.
        }
    }
}
