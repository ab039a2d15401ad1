package dev.closenotify.agent;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.event.TruncationHandler;
import dev.closenotify.agent.report.JfrSink;
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
    static boolean connect(AgentConfig config, Core core) {
        TruncationHandler handler = new TruncationHandler(config, core.policy,
                new TruncationHandler.Sinks(core.counters, core.stats, core.log, core.limiter,
                        new JfrSink(config.jfr())));
        if (!Bridge.register(handler)) {
            Console.say("the agent is already active in this JVM; this copy does nothing");
            return false;
        }
        return true;
    }
}
