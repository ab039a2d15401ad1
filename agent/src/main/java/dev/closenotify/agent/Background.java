package dev.closenotify.agent;

import dev.closenotify.agent.report.AgentStatus;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.agent.report.ReportWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one housekeeping thread: registers the MBean, then once a minute writes the summary
 * of suppressed log lines. At exit, a hook writes the last summary, the queued lines and the
 * report.
 *
 * <p>The MBean is registered off the start-up thread and not at once: the platform MBean server
 * costs about a hundred classes and some CPU, which a short program that never uses TLS should not
 * pay, and creating it in premain can run before an application configures JMX or
 * java.util.logging. It is registered when the first JSSE class is rewritten (the application
 * started using TLS) or {@link #REGISTER_DELAY_MILLIS} after start-up, whichever comes first.
 */
final class Background {

    static final long REGISTER_DELAY_MILLIS = 1000;
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final CountDownLatch TLS_IN_USE = new CountDownLatch(1);

    private Background() {
    }

    /** Run by the transformer when it rewrites a JSSE class: register the MBean now. */
    static final Runnable TLS_IN_USE_SIGNAL = new Runnable() {
        @Override
        public void run() {
            TLS_IN_USE.countDown();
        }
    };

    static void start(AgentStatus status, LogLimiter limiter, EventLog log, ReportWriter report,
            Path reportPath) {
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                Background.run(status, limiter, log);
            }
        }, "closenotify-housekeeping");
        thread.setDaemon(true);
        thread.start();
        // One hook, in order: the last summary, the queued lines, then the report. Nothing lost,
        // unless the application's logger does not return: then say so, once, on stderr.
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                atExit(limiter, log, report, reportPath);
            }
        }, "closenotify-exit"));
    }

    private static void atExit(LogLimiter limiter, EventLog log, ReportWriter report,
            Path reportPath) {
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
    }

    private static void run(AgentStatus status, LogLimiter limiter, EventLog log) {
        try {
            TLS_IN_USE.await(REGISTER_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return;
        }
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
