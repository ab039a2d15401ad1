package dev.closenotify.agent.report;

import dev.closenotify.agent.model.TruncationEvent;

/** Who truncated and where: bounded per-peer and per-call-site tallies for the report. */
public final class EventStats {

    public static final int TABLE_CAPACITY = 256;

    private final BoundedTally peers = new BoundedTally(TABLE_CAPACITY);
    private final BoundedTally callSites = new BoundedTally(TABLE_CAPACITY);

    public void record(TruncationEvent event) {
        peers.add(event.peer());
        if (event.callSite() != null) {
            callSites.add(event.callSite());
        }
    }

    public BoundedTally peers() {
        return peers;
    }

    public BoundedTally callSites() {
        return callSites;
    }
}
