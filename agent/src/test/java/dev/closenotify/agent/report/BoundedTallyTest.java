package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedTallyTest {

    @Test
    void keepsAtMostCapacityKeysAndCountsTheRestAsOther() {
        BoundedTally tally = new BoundedTally(256);
        for (int i = 0; i < 100_000; i++) {
            tally.add("127." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":443");
        }
        assertEquals(256, tally.size());
        assertEquals(100_000 - 256, tally.other());
    }

    @Test
    void topIsSortedByCount() {
        BoundedTally tally = new BoundedTally(10);
        tally.add("a");
        tally.add("b");
        tally.add("b");
        tally.add(null);
        List<Map.Entry<String, Long>> top = tally.top(2);
        assertEquals(List.of(Map.entry("b", 2L), Map.entry("a", 1L)), top);
    }
}
