package dev.closenotify.agent.report;

import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.util.Console;

/**
 * Emits {@code closenotify.Truncation} JFR events. JFR classes are touched only here, and only
 * when enabled: on a runtime without the {@code jdk.jfr} module the failure is said once and
 * JFR output stops; nothing else changes.
 */
public final class JfrSink {

    private volatile boolean enabled;

    public JfrSink(boolean enabled) {
        this.enabled = enabled;
    }

    public void emit(TruncationEvent e) {
        if (!enabled) {
            return;
        }
        try {
            JfrEmitter.emit(e);
        } catch (Throwable t) {
            enabled = false;
            Console.sayOnce("jfr", "JFR events are unavailable (" + Console.describe(t)
                    + "); closenotify.jfr is off from now on, detection goes on");
        }
    }
}
