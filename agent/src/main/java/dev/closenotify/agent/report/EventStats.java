package dev.closenotify.agent.report;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.TruncationEvent;

/**
 * Who truncated and where: bounded per-peer and per-call-site tallies for the report, for every
 * event and for silent truncations alone (the ones to fix first: the application took a cut body
 * as whole). Each table is bounded on its own, so a flood of harmless events cannot push the
 * silent ones into {@code other}.
 */
public final class EventStats {

    public static final int TABLE_CAPACITY = 256;

    private final BoundedTally peers = new BoundedTally(TABLE_CAPACITY);
    private final BoundedTally callSites = new BoundedTally(TABLE_CAPACITY);
    private final BoundedTally silentPeers = new BoundedTally(TABLE_CAPACITY);
    private final BoundedTally silentCallSites = new BoundedTally(TABLE_CAPACITY);

    public void record(TruncationEvent event) {
        peers.add(event.peer());
        if (event.callSite() != null) {
            callSites.add(event.callSite());
        }
        if (event.kind() == Kind.TRUNCATED && event.harm() == Harm.SILENT) {
            silentPeers.add(event.peer());
            if (event.callSite() != null) {
                silentCallSites.add(event.callSite());
            }
        }
    }

    public BoundedTally peers() {
        return peers;
    }

    public BoundedTally callSites() {
        return callSites;
    }

    /** Peers of {@code kind=truncated harm=silent} events only. */
    public BoundedTally silentPeers() {
        return silentPeers;
    }

    /** Call sites of {@code kind=truncated harm=silent} events only. */
    public BoundedTally silentCallSites() {
        return silentCallSites;
    }
}
