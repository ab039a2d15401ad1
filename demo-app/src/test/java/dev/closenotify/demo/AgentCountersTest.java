package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AgentCountersTest {

    private static String delta(long truncations, long handshakeEofs, long afterLocalClose, long thrown) {
        AgentCounters before = new AgentCounters(10, 20, 30, 40);
        AgentCounters after = new AgentCounters(10 + truncations, 20 + handshakeEofs, 30 + afterLocalClose,
                40 + thrown);
        return after.minus(before).describeDelta();
    }

    @Test
    void describesDeltas() {
        assertEquals("none", delta(0, 0, 0, 0));
        assertEquals("truncated", delta(1, 0, 0, 0));
        assertEquals("handshake-eof", delta(0, 1, 0, 0));
        assertEquals("after-local-close", delta(0, 0, 1, 0));
        assertEquals("truncated+thrown", delta(1, 0, 0, 1));
        assertEquals("thrown", delta(0, 0, 0, 1));
        assertEquals("truncated,after-local-close", delta(1, 0, 1, 0));
        assertEquals("truncated(2),handshake-eof+thrown", delta(2, 1, 0, 1));
    }

    private static String harm(long silent, long detected, long harmless, long unknown) {
        AgentCounters before = new AgentCounters(50, 0, 0, 0, 0, new AgentCounters.HarmCounts(10, 20, 30, 40));
        AgentCounters after = new AgentCounters(50 + silent + detected + harmless + unknown, 0, 0, 0, 0,
                new AgentCounters.HarmCounts(10 + silent, 20 + detected, 30 + harmless, 40 + unknown));
        return after.minus(before).describeHarm();
    }

    @Test
    void describesHarmDeltasWorstFirstWithTheLogsNames() {
        assertNull(harm(0, 0, 0, 0), "no truncation, no verdict");
        assertEquals("silent", harm(1, 0, 0, 0));
        assertEquals("detected", harm(0, 1, 0, 0));
        assertEquals("none", harm(0, 0, 1, 0));
        assertEquals("unknown", harm(0, 0, 0, 1));
        assertEquals("silent(2),none,unknown(3)", harm(2, 0, 1, 3));
    }

    @Test
    void anAgentWithoutHarmCountersHasNoVerdictInAnyDelta() {
        AgentCounters old = new AgentCounters(1, 0, 0, 0, 0);
        assertNull(old.minus(new AgentCounters(0, 0, 0, 0, 0)).describeHarm());
        // One side without them (cannot happen within one agent) must not invent numbers either.
        AgentCounters counted = new AgentCounters(1, 0, 0, 0, 0, new AgentCounters.HarmCounts(1, 0, 0, 0));
        assertNull(counted.minus(old).harm());
    }

    @Test
    void totalsNameEveryAttribute() {
        assertEquals("Truncations=1 HandshakeEofs=2 AfterLocalClose=3 Thrown=4 Excluded=0",
                new AgentCounters(1, 2, 3, 4).describeTotals());
        assertEquals("Truncations=10 HandshakeEofs=2 AfterLocalClose=3 Thrown=4 Excluded=5"
                + " SilentTruncations=1 DetectedTruncations=2 HarmlessTruncations=3 UnknownHarmTruncations=4",
                new AgentCounters(10, 2, 3, 4, 5, new AgentCounters.HarmCounts(1, 2, 3, 4)).describeTotals());
    }
}
