package dev.closenotify.agent.detect;

import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.JfrSink;
import dev.closenotify.agent.report.LogLimiter;

/** Where the handler's output goes; grouped so the handler stays one job. */
public record Sinks(Counters counters, EventStats stats, EventLog log, LogLimiter limiter,
        JfrSink jfr) {
}
