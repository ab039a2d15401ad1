package dev.closenotify.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's counters at one moment. The agent only counts, so the demo learns what one run
 * triggered by subtracting the snapshot taken before it from the one taken after.
 *
 * @param harm the truncations split by harm verdict, or null when the agent has no such
 *             counters (one older than the harm verdict)
 */
record AgentCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown,
        long excluded, HarmCounts harm) {

    AgentCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown) {
        this(truncations, handshakeEofs, afterLocalClose, thrown, 0, null);
    }

    AgentCounters(long truncations, long handshakeEofs, long afterLocalClose, long thrown, long excluded) {
        this(truncations, handshakeEofs, afterLocalClose, thrown, excluded, null);
    }

    /**
     * The truncations by harm verdict, as the MBean's {@code SilentTruncations},
     * {@code DetectedTruncations}, {@code HarmlessTruncations} and {@code UnknownHarmTruncations}
     * count them; the four add up to {@code Truncations}.
     */
    record HarmCounts(long silent, long detected, long harmless, long unknown) {

        HarmCounts minus(HarmCounts before) {
            return new HarmCounts(silent - before.silent, detected - before.detected,
                    harmless - before.harmless, unknown - before.unknown);
        }
    }

    AgentCounters minus(AgentCounters before) {
        return new AgentCounters(truncations - before.truncations, handshakeEofs - before.handshakeEofs,
                afterLocalClose - before.afterLocalClose, thrown - before.thrown,
                excluded - before.excluded,
                harm == null || before.harm == null ? null : harm.minus(before.harm));
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

    /**
     * Renders a delta's harm verdicts with the event log's names, the worst first:
     * {@code silent}, {@code detected}, {@code none}, {@code unknown}, comma-separated, with
     * {@code (n)} as in {@link #describeDelta()}. Null when there is nothing to say: no
     * truncation in the delta, or an agent without harm counters. Contains no spaces.
     */
    String describeHarm() {
        if (harm == null) {
            return null;
        }
        List<String> verdicts = new ArrayList<>();
        add(verdicts, "silent", harm.silent());
        add(verdicts, "detected", harm.detected());
        add(verdicts, "none", harm.harmless());
        add(verdicts, "unknown", harm.unknown());
        return verdicts.isEmpty() ? null : String.join(",", verdicts);
    }

    /** Every counter by its MBean attribute name; the harm ones only if the agent has them. */
    String describeTotals() {
        String text = "Truncations=" + truncations + " HandshakeEofs=" + handshakeEofs
                + " AfterLocalClose=" + afterLocalClose + " Thrown=" + thrown + " Excluded=" + excluded;
        return harm == null ? text
                : text + " SilentTruncations=" + harm.silent() + " DetectedTruncations=" + harm.detected()
                        + " HarmlessTruncations=" + harm.harmless()
                        + " UnknownHarmTruncations=" + harm.unknown();
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
