package dev.closenotify.agent.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per key (a peer, a call site) with a fixed number of keys: once full, new keys are
 * counted under {@code other}, so a scan from many addresses cannot grow memory.
 */
public final class BoundedTally {

    private final int capacity;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder other = new LongAdder();

    public BoundedTally(int capacity) {
        this.capacity = capacity;
    }

    public void add(String key) {
        if (key == null) {
            key = "unknown";
        }
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= capacity) {
                other.increment();
                return;
            }
            // Racing adds may overshoot the capacity by at most the number of racing threads.
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    /** The {@code limit} largest counts, largest first. */
    public List<Map.Entry<String, Long>> top(int limit) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        counts.forEach((k, v) -> entries.add(Map.entry(k, v.sum())));
        entries.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        return entries.subList(0, Math.min(limit, entries.size()));
    }

    public long other() {
        return other.sum();
    }

    public int size() {
        return counts.size();
    }
}
