package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.AgentOptions;
import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.util.Console;
import java.lang.instrument.Instrumentation;

/**
 * Start-up discipline: parse options, hand over to {@link Activation}. No logging framework and
 * no JMX is touched on this thread, and no failure escapes: the application must start whether or
 * not the agent does.
 */
final class Startup {

    private static boolean started;

    private Startup() {
    }

    static void start(String args, Instrumentation inst, boolean attached) {
        try {
            synchronized (Startup.class) {
                if (started) {
                    Console.say("the agent is already active in this JVM; this copy does nothing");
                    return;
                }
                started = true;
            }
            AgentConfig options = AgentOptions.parse(args, System.getProperties(), Console.SAY);
            if (options.startPolicy() == Policy.OFF) {
                return; // Documented: 'off' installs nothing.
            }
            Activation.install(options, inst, attached);
        } catch (Throwable t) {
            Console.say("the agent failed to start (" + Console.describe(t)
                    + "); the application runs without it");
        }
    }
}
