package dev.closenotify.agent.framing;

import java.nio.ByteBuffer;

/**
 * Watches the application plaintext of one TLS connection, both directions in order and in
 * chunks of any size, so that when the transport ends without close_notify it can say whether
 * a message could have been cut without the application noticing ({@link #harm()}) and by which
 * framing rule ({@link #framing()}). RFC 9112 §6.3 and §9.8 give the rules: a cut inside a
 * self-delimited message is seen by the application's own parser; a cut inside a close-delimited
 * response is not, which is the truncation attack.
 *
 * <h2>Protocol</h2>
 * Chosen once, at construction, from the ALPN value, else from the first bytes:
 * <ul>
 *   <li>{@code h2}: every HTTP/2 frame carries its length, so a cut is never silent. The tracker
 *       does not follow frames: {@code detected h2} once any application byte moved either way,
 *       {@code none h2} before.</li>
 *   <li>{@code http/1.1}, {@code http/1.0}: HTTP/1.x is known from the handshake.</li>
 *   <li>no ALPN (null or empty): HTTP/1.x once a start line begins like one: a response starting
 *       {@code HTTP/1.}, or a request starting with a token method and SP. Until then the verdict
 *       is unknown; a first byte that cannot start such a line switches tracking off.</li>
 *   <li>any other ALPN value: not HTTP, off from the start.</li>
 * </ul>
 * An EOF before any application byte is {@code none between-messages} when the connection is
 * known to be HTTP/1.x by ALPN, {@code none h2} for h2, and {@code unknown} otherwise for a
 * client: a protocol we know nothing of may be close-delimited from its first byte. A server that
 * has read nothing from its client says {@code none between-messages} whatever the protocol: no
 * request had begun (a preconnect or a health check that leaves after the handshake).
 *
 * <h2>Roles</h2>
 * A client's tracker follows the requests it writes (only to learn which are HEAD or CONNECT,
 * see {@link MethodQueue}) and the responses it reads. A server's tracker follows the requests
 * it reads and ignores what it writes: a request is never close-delimited, so a server's verdict
 * is never {@code silent}.
 *
 * <h2>Switching off</h2>
 * Anything not well-formed, a protocol switch (101, a 2xx to CONNECT, a CONNECT request on the
 * server side), a response to no request seen, a pipeline deeper than the queue, or invalid
 * arguments switch tracking off for the connection: from then on each call costs one field
 * read and the verdict is {@code unknown unknown}.
 *
 * <h2>Privacy and cost</h2>
 * The caller's bytes are read during the call only; no reference to a caller's buffer is kept,
 * and no byte is stored, logged or returned: start lines and the two length fields are parsed in
 * place into numbers and name-match states. Every field of the tracker is a primitive or an
 * enum constant, apart from its own two parsers and request queue, whose fields are primitives
 * and enum constants too (and the parsers' reference to that queue). A call costs
 * O(framing bytes): body octets are skipped a whole read at a time, never touched. No call
 * allocates or locks.
 *
 * <h2>Threads</h2>
 * Each direction must be fed by one thread at a time; inbound and outbound may be fed by two
 * different threads. Each direction's parser is written only by that direction's thread. What
 * they share is written so that no update can be lost and a stale read only errs towards
 * unknown: the switch-off flag only ever goes from on to off, and the request queue has one
 * writer per field and publishes each request through a volatile count before its response
 * can be paired with it. {@link #harm()} and {@link #framing()} read plain fields: called on the
 * thread that fed the inbound side (where the EOF is seen), after its last feed, they see that
 * side exactly; the other side may be seen slightly late. The two calls are two reads: under
 * concurrent feeding they may describe two different moments.
 */
public final class FramingTracker {

    private final Role role;
    private final boolean h2;
    /** HTTP/1.x known from ALPN, before any byte. */
    private final boolean alpnHttp;
    /** Null unless HTTP/1.x is tracked. */
    private final MessageParser in;
    /** Null unless the role is client and HTTP/1.x is tracked. */
    private final MessageParser out;
    private final MethodQueue queue;

    /**
     * True while tracking. Its default, false, means off: a thread that sees this object before
     * its construction is visible (unsafe publication) does nothing, rather than dereference a
     * parser it cannot see yet.
     */
    private boolean tracking;
    /** h2 only: some application byte moved. */
    private boolean moved;

    /**
     * @param role which end of the connection we are; null switches tracking off
     * @param alpn the negotiated ALPN protocol, or null (or empty) if none
     */
    public FramingTracker(Role role, String alpn) {
        this.role = role;
        boolean none = alpn == null || alpn.isEmpty();
        this.h2 = "h2".equals(alpn);
        this.alpnHttp = "http/1.1".equals(alpn) || "http/1.0".equals(alpn);
        boolean http1 = role != null && (none || alpnHttp);
        if (http1 && role == Role.CLIENT) {
            queue = new MethodQueue();
            in = new MessageParser(MessageParser.RESPONSES, queue);
            out = new MessageParser(MessageParser.REQUESTS_SENT, queue);
        } else if (http1) {
            queue = null;
            in = new MessageParser(MessageParser.REQUESTS_RECEIVED, null);
            out = null;
        } else {
            queue = null;
            in = null;
            out = null;
        }
        tracking = http1 || (role != null && h2);
    }

    /** Application bytes read from the peer: {@code len} bytes of {@code b} from {@code off}. */
    public void inbound(byte[] b, int off, int len) {
        if (tracking) {
            feed(in, b, off, len);
        }
    }

    /**
     * Application bytes read from the peer: {@code length} bytes of {@code buf} from index
     * {@code position}, read with absolute gets (the buffer's position and limit are untouched).
     */
    public void inbound(ByteBuffer buf, int position, int length) {
        if (tracking) {
            feed(in, buf, position, length);
        }
    }

    /** Application bytes written to the peer: {@code len} bytes of {@code b} from {@code off}. */
    public void outbound(byte[] b, int off, int len) {
        if (tracking) {
            feed(out, b, off, len);
        }
    }

    /**
     * Application bytes written to the peer: {@code length} bytes of {@code buf} from index
     * {@code position}, read with absolute gets (the buffer's position and limit are untouched).
     */
    public void outbound(ByteBuffer buf, int position, int length) {
        if (tracking) {
            feed(out, buf, position, length);
        }
    }

    /**
     * The caller lost some of the connection's bytes (it could not tell where they were): switch
     * tracking off, so the verdict is unknown from now on rather than a guess.
     */
    public void lose() {
        tracking = false;
    }

    /** Whether tracking is off for good: the verdict is unknown from now on. */
    public boolean off() {
        return !tracking;
    }

    /** Whether a message could have been cut if the transport ended now without close_notify. */
    public Harm harm() {
        return Harm.byOrdinal(verdict() >>> 8);
    }

    /** The framing rule behind {@link #harm()}, for the same moment. */
    public Framing framing() {
        return Framing.byOrdinal(verdict() & 0xFF);
    }

    /** The role and the verdict only: never a byte of the connection. */
    @Override
    public String toString() {
        return "FramingTracker[" + (role == null ? "no role" : role.id()) + ", harm="
                + harm().id() + ", framing=" + framing().id() + "]";
    }

    /** A verdict as one int, so that the pair is computed in one place without allocating. */
    static int pack(Harm harm, Framing framing) {
        return harm.ordinal() << 8 | framing.ordinal();
    }

    private int verdict() {
        if (!tracking) {
            return pack(Harm.UNKNOWN, Framing.UNKNOWN);
        }
        if (h2) {
            return pack(moved ? Harm.DETECTED : Harm.NONE, Framing.H2);
        }
        boolean http = alpnHttp || in.decided() || (out != null && out.decided());
        if (!http) {
            // A server that has read nothing from the client (a preconnect, a health check that
            // leaves after the handshake) lost nothing, whatever the protocol: requests are what
            // it reads, and none had begun.
            return role == Role.SERVER && in.atStart() ? pack(Harm.NONE, Framing.BETWEEN_MESSAGES)
                    : pack(Harm.UNKNOWN, Framing.UNKNOWN);
        }
        if (queue == null) {
            return in.verdict(false);
        }
        if (queue.overflowed()) {
            return pack(Harm.UNKNOWN, Framing.UNKNOWN);
        }
        return in.verdict(queue.outstanding() > 0);
    }

    /** h2, or a server's outbound side, which framing ignores. */
    private void noParser() {
        if (h2) {
            moved = true;
        }
    }

    private void feed(MessageParser p, byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            tracking = false; // a caller's mistake: never throw into the TLS path, say unknown
            return;
        }
        if (len == 0) {
            return;
        }
        if (p == null) {
            noParser();
            return;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            int s = p.state();
            if (s < MessageParser.FIRST_BULK) {
                p.step(b[i++] & 0xFF);
            } else if (s == MessageParser.DEAD) {
                break;
            } else {
                i += p.skip(end - i);
            }
        }
        if (p.state() == MessageParser.DEAD) {
            tracking = false;
        }
    }

    private void feed(MessageParser p, ByteBuffer buf, int position, int length) {
        if (buf == null || position < 0 || length < 0 || position > buf.limit() - length) {
            tracking = false;
            return;
        }
        if (length == 0) {
            return;
        }
        if (p == null) {
            noParser();
            return;
        }
        int i = position;
        int end = position + length;
        try {
            while (i < end) {
                int s = p.state();
                if (s < MessageParser.FIRST_BULK) {
                    p.step(buf.get(i++) & 0xFF);
                } else if (s == MessageParser.DEAD) {
                    break;
                } else {
                    i += p.skip(end - i);
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // Only if another thread shrank the buffer's limit during the call.
            tracking = false;
            return;
        }
        if (p.state() == MessageParser.DEAD) {
            tracking = false;
        }
    }
}
