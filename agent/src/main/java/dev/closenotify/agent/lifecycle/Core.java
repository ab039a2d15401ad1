package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.jmx.AgentStatus;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.agent.report.ReportWriter;
import java.util.function.Supplier;

/**
 * What the detection, the MBean and the exit hook share: counters, statistics, the event log and
 * the policy. Built on first need (the first target class, the MBean's registration or exit), not in
 * premain, and never linked against the bridge, so it can exist without it.
 */
final class Core {

    final Counters counters = new Counters();
    final EventStats stats = new EventStats();
    final EventLog log = new EventLog();
    final LogLimiter limiter;
    final PolicySource policy;

    Core(AgentConfig config, PolicySource policy) {
        this.limiter = new LogLimiter(config.logRate(), LogLimiter.NANO_TIME);
        this.policy = policy;
    }

    /** The report and the MBean, for the housekeeping thread and the exit hook only. */
    static final class Status {
        final ReportWriter report;
        final AgentStatus mbean;

        Status(Core core, AgentConfig config, Supplier<String> hookStates) {
            PolicySource policy = core.policy;
            // Anonymous classes, not lambdas: no invokedynamic bootstrap on the agent's own path.
            report = new ReportWriter(core.counters, core.stats, new Supplier<String>() {
                @Override
                public String get() {
                    return policy.current().id();
                }
            });
            mbean = new AgentStatus(core.counters, policy, hookStates, report, config.report(),
                    Activation.version());
        }
    }
}
