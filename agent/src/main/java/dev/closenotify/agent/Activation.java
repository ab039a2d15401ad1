package dev.closenotify.agent;

import dev.closenotify.agent.config.AgentOptions;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.event.TruncationHandler;
import dev.closenotify.agent.instrument.Hook;
import dev.closenotify.agent.instrument.HookProbe;
import dev.closenotify.agent.instrument.JsseTransformer;
import dev.closenotify.agent.report.AgentStatus;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.bridge.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/** Wires the agent together once the bridge is on the bootstrap path. */
final class Activation {

    private Activation() {
    }

    static void activate(AgentOptions options, Instrumentation inst, boolean attached) {
        Counters counters = new Counters();
        PolicySource policy = new PolicySource(options.startPolicy(), System.getProperties());
        TruncationHandler handler = new TruncationHandler(policy, counters, new EventLog());
        if (!Bridge.register(handler)) {
            Console.say("the agent is already active in this JVM; this copy does nothing");
            return;
        }
        List<String> found = new ArrayList<>();
        for (Hook hook : Hook.JSSE) {
            if (HookProbe.present(hook)) {
                found.add(hook.displayName());
            } else {
                Console.sayOnce("hook:" + hook.displayName(), hook.notFoundMessage());
            }
        }
        JsseTransformer transformer = new JsseTransformer(Hook.JSSE);
        inst.addTransformer(transformer, true);
        retransformLoaded(inst);
        Console.say("agent " + version() + " active, policy=" + options.startPolicy().id()
                + (found.isEmpty() ? ", no hook found: nothing is detected"
                        : ", hooks: " + String.join(", ", found)));
        startJmx(new AgentStatus(counters, policy, transformer::describeStates));
    }

    /** JSSE classes loaded before the agent (a live attach) are rewritten too. */
    private static void retransformLoaded(Instrumentation inst) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (loaded.getClassLoader() == null) {
                for (Hook hook : Hook.JSSE) {
                    if (hook.className().equals(loaded.getName())) {
                        targets.add(loaded);
                    }
                }
            }
        }
        for (Class<?> target : targets) {
            try {
                inst.retransformClasses(target);
            } catch (Throwable t) {
                Console.say("could not retransform " + target.getName() + " ("
                        + Console.describe(t) + "); connections it serves are not covered");
            }
        }
    }

    // Off the start-up thread: the platform MBean server is slow to create, and creating it in
    // premain can run before an application configures JMX or java.util.logging.
    private static void startJmx(AgentStatus status) {
        Thread thread = new Thread(status::register, "closenotify-jmx");
        thread.setDaemon(true);
        thread.start();
    }

    private static String version() {
        String version = Activation.class.getPackage().getImplementationVersion();
        return version == null ? "(dev)" : version;
    }
}
