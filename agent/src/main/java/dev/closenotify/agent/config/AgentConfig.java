package dev.closenotify.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent's configuration as read at start-up. Only the policy is re-read later (see
 * {@link PolicySource}).
 *
 * @param startPolicy the policy at start-up; also the fallback for a later invalid value
 * @param idleMs quiet time after which an EOF counts as {@code exchange=idle}
 * @param throwIdle whether {@code throw} also throws for idle truncations (start-up value; the
 *     property is re-read at each event, see {@link PolicySource#throwsFor})
 * @param throwAwaiting whether {@code throw} also throws for awaiting truncations (likewise)
 * @param excludes peers whose events are only counted under Excluded
 * @param logRate most event lines per minute
 * @param jfr whether to emit JFR events
 * @param report where to write the JSON report at exit, or null
 */
public record AgentConfig(Policy startPolicy, long idleMs, boolean throwIdle, boolean throwAwaiting,
        List<PeerPattern> excludes, int logRate, boolean jfr, Path report) {

    public boolean excluded(String host, String address, int port) {
        for (PeerPattern pattern : excludes) {
            if (pattern.matches(host, address, port)) {
                return true;
            }
        }
        return false;
    }
}
