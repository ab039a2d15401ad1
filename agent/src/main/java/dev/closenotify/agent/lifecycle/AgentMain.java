package dev.closenotify.agent.lifecycle;

import java.lang.instrument.Instrumentation;

/**
 * Entry points for {@code -javaagent} and for attaching to a running JVM. Deliberately tiny: all
 * the work, and the catching of every failure, is in {@link Startup}.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void premain(String args, Instrumentation inst) {
        Startup.start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        Startup.start(args, inst, true);
    }
}
