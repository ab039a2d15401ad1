package dev.closenotify.agent;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.report.AgentStatus;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.agent.report.ReportWriter;
import java.util.function.Supplier;

/**
 * What the detection, the MBean and the exit hook share: counters, statistics, the event log, the
 * policy and the report. Built on first need (the first JSSE class, the MBean's registration or
 * exit), not in premain, and never linked against the bridge, so it can exist without it.
 */
final class Core {

    final Counters counters = new Counters();
    final EventStats stats = new EventStats();
    final EventLog log = new EventLog();
    final LogLimiter limiter;
    final PolicySource policy;
    final ReportWriter report;
    final AgentStatus status;

    Core(AgentConfig config, Supplier<String> hookStates) {
        limiter = new LogLimiter(config.logRate(), LogLimiter.NANO_TIME);
        policy = new PolicySource(config.startPolicy(), System.getProperties());
        // Anonymous classes, not lambdas: no invokedynamic bootstrap on the agent's own path.
        report = new ReportWriter(counters, stats, new Supplier<String>() {
            @Override
            public String get() {
                return policy.current().id();
            }
        });
        status = new AgentStatus(counters, policy, hookStates, report, config.report(),
                Activation.version());
    }
}
