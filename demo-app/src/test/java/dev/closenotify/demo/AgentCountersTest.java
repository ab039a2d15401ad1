package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void totalsNameEveryAttribute() {
        assertEquals("Truncations=1 HandshakeEofs=2 AfterLocalClose=3 Thrown=4 Excluded=0",
                new AgentCounters(1, 2, 3, 4).describeTotals());
    }
}
