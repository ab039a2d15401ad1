package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.util.Console;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one housekeeping thread: first looks for target classes loaded before premain (another
 * agent may have used TLS), then registers the MBean, then once a minute writes the summary of
 * suppressed log lines. At exit, a hook writes the last summary, the queued lines and the report.
 *
 * <p>The MBean is registered {@link #REGISTER_DELAY_MILLIS} after start-up (at once when the agent
 * is attached to a running JVM), off the application's threads: the platform MBean server costs
 * about 700 classes and tens of milliseconds of CPU, which would otherwise land on the
 * application's start-up or its first TLS handshake, and creating it in premain can run before an
 * application configures JMX or java.util.logging. Nothing is lost meanwhile: events are counted
 * from the first one, and the MBean shows them all once it is there.
 */
final class Housekeeping {

    static final long REGISTER_DELAY_MILLIS = 1000;

    private Housekeeping() {
    }

    static void start(Activation activation, boolean attached) {
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                Housekeeping.run(activation, attached);
            }
        }, "closenotify-housekeeping");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * One hook, in order: the last summary, the queued lines, then the report. Nothing lost,
     * unless the application's logger does not return: then say so, once, on stderr. Added once
     * there is something to do at exit (the shared state exists, or a report is asked for).
     */
    static void addExitHook(Activation activation) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                @Override
                public void run() {
                    atExit(activation);
                }
            }, "closenotify-exit"));
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: there is no later moment to write anything at.
        }
    }

    private static void atExit(Activation activation) {
        Path reportPath = activation.config().report();
        Core core = reportPath == null ? activation.coreIfBuilt() : activation.core();
        if (core == null) {
            return; // Nothing has happened: no summary, no queued line, no report asked for.
        }
        String summary = writeSummary(core);
        int unwritten = core.log.drainAtExit();
        if (unwritten > 0) {
            Console.say(unwritten + " event log line" + (unwritten == 1 ? " was" : "s were")
                    + " not written: the application's logger did not return within "
                    + EventLog.EXIT_DRAIN_MILLIS
                    + " ms at exit; every event is still counted (MBean, report, JFR)"
                    + (summary == null ? "" : "; " + summary));
        }
        if (reportPath != null) {
            try {
                activation.status().report.write(reportPath);
            } catch (Throwable t) {
                Console.say("could not write the report to " + reportPath + " ("
                        + Console.describe(t) + ")");
            }
        }
    }

    private static void run(Activation activation, boolean attached) {
        try {
            if (!attached) {
                activation.retransformLoaded(); // Attached, install() has done it already.
            }
            Thread.sleep(attached ? 0 : REGISTER_DELAY_MILLIS);
            Core core = activation.core();
            activation.status().mbean.register();
            while (true) {
                TimeUnit.MINUTES.sleep(1);
                writeSummary(core);
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but a JVM shutting down.
        } catch (Throwable t) {
            Console.sayOnce("housekeeping", "the agent's housekeeping thread failed ("
                    + Console.describe(t) + "); detection goes on, the MBean or the per-minute"
                    + " summary may be missing");
        }
    }

    /** Logs the summary of suppressed and dropped lines, if any; returns its text or null. */
    private static String writeSummary(Core core) {
        try {
            String summary = core.limiter.drainSummary();
            long dropped = core.log.drainDropped();
            if (dropped > 0) {
                summary = (summary == null ? "" : summary + "; ") + dropped
                        + " event lines dropped because the log queue was full (all counted)";
            }
            if (summary != null) {
                core.log.warn(summary);
            }
            return summary;
        } catch (Throwable t) {
            Console.sayOnce("summary", "could not write the log summary (" + Console.describe(t)
                    + ")");
            return null;
        }
    }
}
