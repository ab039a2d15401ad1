package dev.closenotify.agent.config;

import dev.closenotify.agent.framing.Harm;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's configuration as read at start-up. Only the policy, the {@code throw}
 * exemptions and {@code throw.harm} are re-read later (see {@link PolicySource}). A plain class, not a record: it is
 * built in premain, whose classes carry no {@code invokedynamic} (a record's generated methods
 * bootstrap one).
 */
public final class AgentConfig {

    private final Policy startPolicy;
    private final long idleMs;
    private final boolean throwIdle;
    private final boolean throwAwaiting;
    private final Set<Harm> throwHarm;
    private final List<PeerPattern> excludes;
    private final int logRate;
    private final boolean jfr;
    private final boolean framing;
    private final Path report;

    /**
     * @param startPolicy the policy at start-up; also the fallback for a later invalid value
     * @param idleMs quiet time after which an EOF counts as {@code exchange=idle}
     * @param throwIdle whether {@code throw} also throws for idle truncations (start-up value;
     *     the property is re-read at each event, see {@link PolicySource#throwsFor})
     * @param throwAwaiting whether {@code throw} also throws for awaiting truncations (likewise)
     * @param throwHarm the harm verdicts for which {@code throw} throws (start-up value; re-read
     *     at each event, see {@link PolicySource#throwsForHarm})
     * @param excludes peers whose events are only counted under Excluded
     * @param logRate most event lines per minute
     * @param jfr whether to emit JFR events
     * @param framing whether the framing tracker may look at application bytes; when false every
     *     event says {@code harm=unknown framing=unknown}
     * @param report where to write the JSON report at exit, or null
     */
    public AgentConfig(Policy startPolicy, long idleMs, boolean throwIdle, boolean throwAwaiting,
            Set<Harm> throwHarm, List<PeerPattern> excludes, int logRate, boolean jfr,
            boolean framing, Path report) {
        this.startPolicy = startPolicy;
        this.idleMs = idleMs;
        this.throwIdle = throwIdle;
        this.throwAwaiting = throwAwaiting;
        // A copy, so a caller's later change to its set cannot change what throws.
        EnumSet<Harm> harms = EnumSet.noneOf(Harm.class);
        harms.addAll(throwHarm);
        this.throwHarm = Collections.unmodifiableSet(harms);
        this.excludes = List.copyOf(excludes);
        this.logRate = logRate;
        this.jfr = jfr;
        this.framing = framing;
        this.report = report;
    }

    public Policy startPolicy() {
        return startPolicy;
    }

    public long idleMs() {
        return idleMs;
    }

    public boolean throwIdle() {
        return throwIdle;
    }

    public boolean throwAwaiting() {
        return throwAwaiting;
    }

    /** Unmodifiable; never null. */
    public Set<Harm> throwHarm() {
        return throwHarm;
    }

    public List<PeerPattern> excludes() {
        return excludes;
    }

    public int logRate() {
        return logRate;
    }

    public boolean jfr() {
        return jfr;
    }

    public boolean framing() {
        return framing;
    }

    public Path report() {
        return report;
    }

    public boolean excluded(String host, String address, int port) {
        for (PeerPattern pattern : excludes) {
            if (pattern.matches(host, address, port)) {
                return true;
            }
        }
        return false;
    }

    // Value semantics as a record would have them, written out (no ObjectMethods bootstrap).
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AgentConfig)) {
            return false;
        }
        AgentConfig o = (AgentConfig) other;
        return startPolicy == o.startPolicy && idleMs == o.idleMs && throwIdle == o.throwIdle
                && throwAwaiting == o.throwAwaiting && throwHarm.equals(o.throwHarm)
                && excludes.equals(o.excludes) && logRate == o.logRate && jfr == o.jfr
                && framing == o.framing
                && (report == null ? o.report == null : report.equals(o.report));
    }

    @Override
    public int hashCode() {
        int h = startPolicy == null ? 0 : startPolicy.hashCode();
        h = 31 * h + Long.hashCode(idleMs);
        h = 31 * h + (throwIdle ? 1 : 0);
        h = 31 * h + (throwAwaiting ? 1 : 0);
        h = 31 * h + throwHarm.hashCode();
        h = 31 * h + excludes.hashCode();
        h = 31 * h + logRate;
        h = 31 * h + (jfr ? 1 : 0);
        h = 31 * h + (framing ? 1 : 0);
        return 31 * h + (report == null ? 0 : report.hashCode());
    }

    @Override
    public String toString() {
        return "AgentConfig[startPolicy=" + startPolicy + ", idleMs=" + idleMs + ", throwIdle="
                + throwIdle + ", throwAwaiting=" + throwAwaiting + ", throwHarm=" + throwHarm
                + ", excludes=" + excludes + ", logRate=" + logRate + ", jfr=" + jfr
                + ", framing=" + framing + ", report=" + report + "]";
    }
}
