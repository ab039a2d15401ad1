package dev.closenotify.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent's configuration as read at start-up. Only the policy and the {@code throw}
 * exemptions are re-read later (see {@link PolicySource}). A plain class, not a record: it is
 * built in premain, whose classes carry no {@code invokedynamic} (a record's generated methods
 * bootstrap one).
 */
public final class AgentConfig {

    private final Policy startPolicy;
    private final long idleMs;
    private final boolean throwIdle;
    private final boolean throwAwaiting;
    private final List<PeerPattern> excludes;
    private final int logRate;
    private final boolean jfr;
    private final Path report;

    /**
     * @param startPolicy the policy at start-up; also the fallback for a later invalid value
     * @param idleMs quiet time after which an EOF counts as {@code exchange=idle}
     * @param throwIdle whether {@code throw} also throws for idle truncations (start-up value;
     *     the property is re-read at each event, see {@link PolicySource#throwsFor})
     * @param throwAwaiting whether {@code throw} also throws for awaiting truncations (likewise)
     * @param excludes peers whose events are only counted under Excluded
     * @param logRate most event lines per minute
     * @param jfr whether to emit JFR events
     * @param report where to write the JSON report at exit, or null
     */
    public AgentConfig(Policy startPolicy, long idleMs, boolean throwIdle, boolean throwAwaiting,
            List<PeerPattern> excludes, int logRate, boolean jfr, Path report) {
        this.startPolicy = startPolicy;
        this.idleMs = idleMs;
        this.throwIdle = throwIdle;
        this.throwAwaiting = throwAwaiting;
        this.excludes = List.copyOf(excludes);
        this.logRate = logRate;
        this.jfr = jfr;
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

    public List<PeerPattern> excludes() {
        return excludes;
    }

    public int logRate() {
        return logRate;
    }

    public boolean jfr() {
        return jfr;
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
                && throwAwaiting == o.throwAwaiting && excludes.equals(o.excludes)
                && logRate == o.logRate && jfr == o.jfr
                && (report == null ? o.report == null : report.equals(o.report));
    }

    @Override
    public int hashCode() {
        int h = startPolicy == null ? 0 : startPolicy.hashCode();
        h = 31 * h + Long.hashCode(idleMs);
        h = 31 * h + (throwIdle ? 1 : 0);
        h = 31 * h + (throwAwaiting ? 1 : 0);
        h = 31 * h + excludes.hashCode();
        h = 31 * h + logRate;
        h = 31 * h + (jfr ? 1 : 0);
        return 31 * h + (report == null ? 0 : report.hashCode());
    }

    @Override
    public String toString() {
        return "AgentConfig[startPolicy=" + startPolicy + ", idleMs=" + idleMs + ", throwIdle="
                + throwIdle + ", throwAwaiting=" + throwAwaiting + ", excludes=" + excludes
                + ", logRate=" + logRate + ", jfr=" + jfr + ", report=" + report + "]";
    }
}
