package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Hands a stream's bytes to a tracker the ways the agent will: from the array itself, from the
 * middle of a larger array, from a heap buffer and from a direct buffer, chosen at random per
 * call, so that the absolute-index paths are exercised with the same inputs.
 */
final class Delivery {

    private static final int PAD = 7;

    private final byte[] raw;
    private final byte[] padded;
    private final ByteBuffer heap;
    private final ByteBuffer direct;
    private final Random random;

    Delivery(byte[] stream, Random random) {
        this.raw = stream;
        this.random = random;
        this.padded = new byte[stream.length + 2 * PAD];
        System.arraycopy(stream, 0, padded, PAD, stream.length);
        this.heap = ByteBuffer.wrap(padded);
        this.direct = ByteBuffer.allocateDirect(Math.max(1, stream.length));
        direct.put(stream).clear();
    }

    /** Bytes [from, from + len) of the stream, in one call. */
    void deliver(FramingTracker t, boolean inbound, int from, int len) {
        switch (random.nextInt(4)) {
            case 0:
                if (inbound) {
                    t.inbound(raw, from, len);
                } else {
                    t.outbound(raw, from, len);
                }
                break;
            case 1:
                if (inbound) {
                    t.inbound(padded, from + PAD, len);
                } else {
                    t.outbound(padded, from + PAD, len);
                }
                break;
            case 2:
                if (inbound) {
                    t.inbound(heap, from + PAD, len);
                } else {
                    t.outbound(heap, from + PAD, len);
                }
                assertEquals(0, heap.position());
                break;
            default:
                if (inbound) {
                    t.inbound(direct, from, len);
                } else {
                    t.outbound(direct, from, len);
                }
                assertEquals(0, direct.position());
                break;
        }
    }

    /** Bytes [from, to) in chunks: one byte each if {@code single}, else of random sizes. */
    void deliverAll(FramingTracker t, boolean inbound, int from, int to, boolean single) {
        for (int i = from; i < to; ) {
            int len = single ? 1 : chunk(random, to - i);
            deliver(t, inbound, i, len);
            i += len;
        }
    }

    /** A chunk size up to {@code limit}: often tiny (split names, CRLF pairs), sometimes large. */
    static int chunk(Random r, int limit) {
        int k = r.nextInt(10);
        int size = k < 2 ? 1 : k < 5 ? 1 + r.nextInt(8) : k < 7 ? 1 + r.nextInt(64)
                : k < 9 ? 1 + r.nextInt(2048) : limit;
        return Math.min(size, limit);
    }
}
