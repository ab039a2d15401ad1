package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.closenotify.agent.framing.GeneratedExchange.Request;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes, and valid streams with random damage (bit flips, insertions, deletions, repeats,
 * truncation), in random chunks: no call may throw, every verdict is a consistent pair, off is
 * for good, and silent needs a client that has read the end of a header block. Seeds are fixed
 * and failures print theirs.
 */
class FramingFuzzTest {

    private static final String[] ALPNS = {null, null, "http/1.1", "h2", "smtp", ""};
    private static final String[] PREFIXES = {"", "", "HTTP/1.1 ", "HTTP/1.1 200 OK\r\n",
        "GET / HTTP/1.1\r\n", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: "};

    @Test
    void randomBytesNeverBreakTheTracker() {
        for (long seed = 1; seed <= 6000; seed++) {
            Random r = new Random(seed);
            Role role = r.nextBoolean() ? Role.CLIENT : Role.SERVER;
            FramingTracker t = new FramingTracker(role, ALPNS[r.nextInt(ALPNS.length)]);
            byte[] in = noise(r, PREFIXES[r.nextInt(PREFIXES.length)]);
            byte[] out = noise(r, PREFIXES[r.nextInt(PREFIXES.length)]);
            feedInterleaved(t, in, out, new int[0], r, seed);
        }
    }

    @Test
    void damagedValidStreamsNeverBreakTheTracker() {
        for (long seed = 1; seed <= 3000; seed++) {
            Random r = new Random(seed);
            ExchangeGenerator generator = new ExchangeGenerator(seed);
            GeneratedExchange g = r.nextBoolean() ? generator.client() : generator.server();
            byte[] in = damage(g.inbound(), r);
            byte[] out = damage(g.outbound(), r);
            // Every request is written before any response is read (a pipelined exchange); the
            // rest of the damaged outbound bytes is interleaved at random.
            int[] writes = new int[g.requests.size()];
            for (int i = 0; i < writes.length; i++) {
                Request q = g.requests.get(i);
                writes[i] = Math.min(q.outEnd, out.length);
            }
            FramingTracker t = new FramingTracker(g.role, g.alpn);
            feedInterleaved(t, in, out, writes, r, seed);
        }
    }

    @Test
    void aStreamThatDoesNotStartLikeHttpIsUnknown() {
        Random r = new Random(42);
        for (int i = 0; i < 3000; i++) {
            Role role = r.nextBoolean() ? Role.CLIENT : Role.SERVER;
            byte[] b = noise(r, "");
            if (b.length == 0) {
                continue;
            }
            int first = b[0] & 0xFF;
            boolean canStart = role == Role.CLIENT ? first == 'H'
                    : Ascii.isTchar(first) || first == '\r' || first == '\n';
            if (canStart) {
                b[0] = (byte) (role == Role.CLIENT ? 0x16 : ' ');
            }
            FramingTracker t = new FramingTracker(role, r.nextBoolean() ? null : "http/1.1");
            Delivery d = new Delivery(b, r);
            d.deliverAll(t, true, 0, b.length, false);
            assertTrue(t.off(), "seed 42 case " + i);
            assertTrue(t.harm() == Harm.UNKNOWN && t.framing() == Framing.UNKNOWN);
        }
    }

    /**
     * Feeds both directions in random chunks; outbound is fed in full up to {@code writes[k]}
     * before inbound goes on, the rest interleaved at random.
     */
    private static void feedInterleaved(FramingTracker t, byte[] in, byte[] out, int[] writes,
            Random r, long seed) {
        Delivery din = new Delivery(in, r);
        Delivery dout = new Delivery(out, r);
        int i = 0;
        int o = 0;
        int k = 0;
        boolean wasOff = t.off();
        boolean headerBlockEnded = false;
        while (i < in.length || o < out.length) {
            try {
                if (k < writes.length && o < writes[k]) {
                    int len = Delivery.chunk(r, writes[k] - o);
                    dout.deliver(t, false, o, len);
                    o += len;
                } else if (k < writes.length) {
                    k++;
                } else if (o < out.length && (i == in.length || r.nextInt(4) == 0)) {
                    int len = Delivery.chunk(r, out.length - o);
                    dout.deliver(t, false, o, len);
                    o += len;
                } else if (i < in.length) {
                    int len = Delivery.chunk(r, in.length - i);
                    din.deliver(t, true, i, len);
                    headerBlockEnded |= endsHeaderBlock(in, i, i + len);
                    i += len;
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": threw", e);
            }
            check(t, seed, wasOff, headerBlockEnded);
            wasOff = t.off();
        }
    }

    private static void check(FramingTracker t, long seed, boolean wasOff, boolean headerBlockEnded) {
        Harm h = t.harm();
        Framing f = t.framing();
        assertNotNull(h);
        assertNotNull(f);
        assertNotNull(t.toString());
        if (wasOff) {
            assertTrue(t.off(), "seed " + seed + ": back on");
        }
        if (t.off() && h != Harm.UNKNOWN) {
            fail("seed " + seed + ": off but " + h);
        }
        EnumSet<Framing> allowed;
        switch (h) {
            case NONE:
                allowed = EnumSet.of(Framing.CONTENT_LENGTH, Framing.CHUNKED, Framing.NO_BODY,
                        Framing.BETWEEN_MESSAGES, Framing.H2);
                break;
            case DETECTED:
                allowed = EnumSet.of(Framing.HEADERS, Framing.CONTENT_LENGTH, Framing.CHUNKED,
                        Framing.H2);
                break;
            case SILENT:
                allowed = EnumSet.of(Framing.CLOSE_DELIMITED);
                assertTrue(t.toString().contains("client"), "seed " + seed + ": silent server");
                assertTrue(headerBlockEnded, "seed " + seed + ": silent before any header block");
                break;
            default:
                allowed = EnumSet.of(Framing.UNKNOWN);
                break;
        }
        if (!allowed.contains(f)) {
            fail("seed " + seed + ": " + h + " with " + f);
        }
    }

    /** Whether an empty line after some line, LF (CR) LF, ends within [from, end). */
    private static boolean endsHeaderBlock(byte[] b, int from, int end) {
        for (int i = Math.max(1, from); i < end; i++) {
            if (b[i] == '\n' && (b[i - 1] == '\n' || (i > 1 && b[i - 1] == '\r' && b[i - 2] == '\n'))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] noise(Random r, String prefix) {
        byte[] p = Wire.bytes(prefix);
        byte[] b = Arrays.copyOf(p, p.length + r.nextInt(r.nextInt(10) == 0 ? 20_000 : 600));
        for (int i = p.length; i < b.length; i++) {
            // Mostly bytes that matter to framing, so that the noise gets somewhere.
            b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256)
                    : (byte) "\r\n\r\n :;,\"\\0123456789abcdefHTP/.-\t\0chunkedContent-Length"
                            .charAt(r.nextInt(52));
        }
        return b;
    }

    private static byte[] damage(byte[] original, Random r) {
        byte[] b = original.clone();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0:
                    b[at] ^= (byte) (1 << r.nextInt(8));
                    break;
                case 1: {
                    byte[] ins = new byte[1 + r.nextInt(4)];
                    for (int i = 0; i < ins.length; i++) {
                        ins[i] = (byte) "\r\n\0:;, 9fX\t".charAt(r.nextInt(11));
                    }
                    b = splice(b, at, 0, ins);
                    break;
                }
                case 2:
                    b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(8)), new byte[0]);
                    break;
                case 3: {
                    int len = Math.min(b.length - at, 1 + r.nextInt(30));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                    break;
                }
                default:
                    b = Arrays.copyOf(b, at);
                    break;
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] s = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, s, 0, at);
        System.arraycopy(insert, 0, s, at, insert.length);
        System.arraycopy(b, at + remove, s, at + insert.length, b.length - at - remove);
        return s;
    }

    @Test
    void h2NeverTurnsUnknownAndHttp1NeverSaysH2() {
        Random r = new Random(9);
        for (int i = 0; i < 500; i++) {
            FramingTracker h2 = new FramingTracker(Role.CLIENT, "h2");
            FramingTracker h1 = new FramingTracker(Role.SERVER, null);
            byte[] b = noise(r, PREFIXES[r.nextInt(PREFIXES.length)]);
            new Delivery(b, r).deliverAll(h2, r.nextBoolean(), 0, b.length, false);
            new Delivery(b, r).deliverAll(h1, true, 0, b.length, false);
            assertFalse(h2.off());
            assertTrue(b.length == 0 ? h2.harm() == Harm.NONE : h2.harm() == Harm.DETECTED);
            assertTrue(h1.framing() != Framing.H2);
        }
    }
}
