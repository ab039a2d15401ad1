package dev.closenotify.agent;

import dev.closenotify.agent.report.AgentStatus;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.agent.report.ReportWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one housekeeping thread: registers the MBean (off the start-up thread: the platform
 * MBean server is slow to create, and creating it in premain can run before an application
 * configures JMX or java.util.logging), then once a minute writes the summary of suppressed log
 * lines. At exit, a hook writes the report.
 */
final class Background {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private Background() {
    }

    static void start(AgentStatus status, LogLimiter limiter, EventLog log, ReportWriter report,
            Path reportPath) {
        Thread thread = new Thread(() -> run(status, limiter, log), "closenotify-housekeeping");
        thread.setDaemon(true);
        thread.start();
        // One hook, in order: the last summary, the queued lines, then the report. Nothing lost,
        // unless the application's logger does not return: then say so, once, on stderr.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String summary = writeSummary(limiter, log);
            int unwritten = log.drainAtExit();
            if (unwritten > 0) {
                Console.say(unwritten + " event log line" + (unwritten == 1 ? " was" : "s were")
                        + " not written: the application's logger did not return within "
                        + EventLog.EXIT_DRAIN_MILLIS + " ms at exit; every event is still counted"
                        + " (MBean, report, JFR)" + (summary == null ? "" : "; " + summary));
            }
            if (reportPath != null) {
                try {
                    report.write(reportPath);
                } catch (Throwable t) {
                    Console.say("could not write the report to " + reportPath + " ("
                            + Console.describe(t) + ")");
                }
            }
        }, "closenotify-exit"));
    }

    private static void run(AgentStatus status, LogLimiter limiter, EventLog log) {
        status.register();
        while (true) {
            long deadline = System.nanoTime() + MINUTE_NANOS;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
            writeSummary(limiter, log);
        }
    }

    /** Logs the summary of suppressed and dropped lines, if any; returns its text or null. */
    private static String writeSummary(LogLimiter limiter, EventLog log) {
        try {
            String summary = limiter.drainSummary();
            long dropped = log.drainDropped();
            if (dropped > 0) {
                summary = (summary == null ? "" : summary + "; ") + dropped
                        + " event lines dropped because the log queue was full (all counted)";
            }
            if (summary != null) {
                log.warn(summary);
            }
            return summary;
        } catch (Throwable t) {
            Console.sayOnce("summary", "could not write the log summary (" + Console.describe(t)
                    + ")");
            return null;
        }
    }
}
