package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.closenotify.agent.framing.GeneratedExchange.Request;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random valid connections ({@link ExchangeGenerator}) fed in random chunk sizes, and once more
 * one byte per call: the tracker's verdict must equal the {@link ReferenceModel}'s at every
 * read boundary, which in the one-byte run is every cut point. Seeds are fixed, so a failure
 * reproduces; it prints its seed, and {@code -Dframing.seed=N} runs that case alone.
 */
class FramingPropertyTest {

    private static final long CLIENT_SEED = 0x5EED_C11E_0000L;
    private static final long SERVER_SEED = 0x5EED_5E4E_0000L;
    private static final int CLIENT_CASES = 3000;
    private static final int SERVER_CASES = 1500;

    @Test
    void clientConnections() {
        run(Role.CLIENT, CLIENT_SEED, CLIENT_CASES);
    }

    @Test
    void serverConnections() {
        run(Role.SERVER, SERVER_SEED, SERVER_CASES);
    }

    private static void run(Role role, long base, int cases) {
        Long only = Long.getLong("framing.seed");
        if (only != null) {
            if (only >= base && only < base + cases) {
                check(role, only);
            }
            return;
        }
        for (int i = 0; i < cases; i++) {
            check(role, base + i);
        }
    }

    private static void check(Role role, long seed) {
        ExchangeGenerator generator = new ExchangeGenerator(seed);
        GeneratedExchange g = role == Role.CLIENT ? generator.client() : generator.server();
        ReferenceModel model = new ReferenceModel(g);
        String[] expected = new String[g.inbound().length + 1];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = model.at(c);
        }
        Random random = new Random(seed * 31 + 17);
        feedAndCompare(g, expected, random, false, seed);
        feedAndCompare(g, expected, random, true, seed);
    }

    private static void feedAndCompare(GeneratedExchange g, String[] expected, Random random,
            boolean single, long seed) {
        FramingTracker t = new FramingTracker(g.role, g.alpn);
        Delivery in = new Delivery(g.inbound(), random);
        Delivery out = new Delivery(g.outbound(), random);
        int n = g.inbound().length;
        int next = 0;
        for (int pos = 0; ; ) {
            while (next < g.requests.size() && g.requests.get(next).writeAt <= pos) {
                Request q = g.requests.get(next++);
                out.deliverAll(t, false, q.outStart, q.outEnd, single);
            }
            String actual = ReferenceModel.verdict(t.harm(), t.framing());
            if (!actual.equals(expected[pos])) {
                fail("seed " + seed + (single ? ", one byte per call" : ", random chunks")
                        + ": at inbound " + pos + " expected <" + expected[pos] + "> but was <"
                        + actual + ">\n  " + g + "\n  before the cut: " + excerpt(g.inbound(),
                        Math.max(0, pos - 60), pos) + "\n  after: " + excerpt(g.inbound(), pos,
                        Math.min(n, pos + 20)));
            }
            if (pos == n) {
                return;
            }
            int limit = n - pos;
            if (next < g.requests.size()) {
                limit = Math.min(limit, g.requests.get(next).writeAt - pos);
            }
            int len = single ? 1 : Delivery.chunk(random, limit);
            in.deliver(t, true, pos, len);
            pos += len;
        }
    }

    private static String excerpt(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c == '\r') {
                s.append("\\r");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c < 0x20 || c >= 0x7F) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.append((char) c);
            }
        }
        return s.append('"').toString();
    }
}
