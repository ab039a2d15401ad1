package dev.closenotify.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's counters at one moment. The agent only counts, so the demo learns what one run
 * triggered by subtracting the snapshot taken before it from the one taken after.
 */
record AgentCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown,
        long excluded) {

    AgentCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown) {
        this(truncations, handshakeEofs, afterLocalClose, thrown, 0);
    }

    AgentCounters minus(AgentCounters before) {
        return new AgentCounters(truncations - before.truncations, handshakeEofs - before.handshakeEofs,
                afterLocalClose - before.afterLocalClose, thrown - before.thrown,
                excluded - before.excluded);
    }

    /**
     * Renders a delta: {@code none}, {@code truncated}, {@code truncated+thrown},
     * {@code handshake-eof,after-local-close}, with {@code (n)} when an event happened more than
     * once. Contains no spaces, the lines format depends on that.
     */
    String describeDelta() {
        List<String> events = new ArrayList<>();
        add(events, "truncated", truncations);
        add(events, "handshake-eof", handshakeEofs);
        add(events, "after-local-close", afterLocalClose);
        add(events, "excluded", excluded);
        String text = String.join(",", events);
        if (thrown != 0) {
            String t = label("thrown", thrown);
            text = text.isEmpty() ? t : text + "+" + t;
        }
        return text.isEmpty() ? "none" : text;
    }

    String describeTotals() {
        return "Truncations=" + truncations + " HandshakeEofs=" + handshakeEofs
                + " AfterLocalClose=" + afterLocalClose + " Thrown=" + thrown + " Excluded=" + excluded;
    }

    private static void add(List<String> events, String name, long count) {
        if (count != 0) {
            events.add(label(name, count));
        }
    }

    private static String label(String name, long count) {
        return count == 1 ? name : name + "(" + count + ")";
    }
}
