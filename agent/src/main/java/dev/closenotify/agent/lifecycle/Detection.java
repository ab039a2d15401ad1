package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Sinks;
import dev.closenotify.agent.detect.TruncationHandler;
import dev.closenotify.agent.report.JfrSink;
import dev.closenotify.agent.util.Console;
import dev.closenotify.bridge.Bridge;

/**
 * Connects the agent to the bridge. The only class of the start-up path that links against the
 * bridge (the handler implements its listener), so it is loaded only once the bridge is on the
 * bootstrap path.
 */
final class Detection {

    private Detection() {
    }

    /** False when another copy of the agent already listens: this copy must not weave then. */
    static boolean connect(AgentConfig config, Core core, EofSource[] sources) {
        TruncationHandler handler = new TruncationHandler(config, core.policy,
                new Sinks(core.counters, core.stats, core.log, core.limiter,
                        new JfrSink(config.jfr())), sources);
        if (!Bridge.register(handler)) {
            Console.say("the agent is already active in this JVM; this copy does nothing");
            return false;
        }
        return true;
    }
}
