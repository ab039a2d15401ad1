package dev.closenotify.agent;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.AgentOptions;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.event.TruncationHandler;
import dev.closenotify.agent.instrument.Hook;
import dev.closenotify.agent.instrument.HookProbe;
import dev.closenotify.agent.instrument.JsseTransformer;
import dev.closenotify.agent.instrument.Tracking;
import dev.closenotify.agent.report.AgentStatus;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.JfrSink;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.agent.report.ReportWriter;
import dev.closenotify.bridge.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Wires the agent together once the bridge is on the bootstrap path. */
final class Activation {

    private Activation() {
    }

    static void activate(AgentConfig config, Instrumentation inst, boolean attached) {
        Counters counters = new Counters();
        EventStats stats = new EventStats();
        EventLog log = new EventLog();
        LogLimiter limiter = new LogLimiter(config.logRate(), LogLimiter.NANO_TIME);
        PolicySource policy = new PolicySource(config.startPolicy(), System.getProperties());
        TruncationHandler handler = new TruncationHandler(config, policy,
                new TruncationHandler.Sinks(counters, stats, log, limiter, new JfrSink(config.jfr())));
        if (!Bridge.register(handler)) {
            Console.say("the agent is already active in this JVM; this copy does nothing");
            return;
        }
        System.setProperty(AgentOptions.PREFIX + AgentOptions.ACTIVE, version());
        List<String> found = new ArrayList<>();
        for (Hook hook : Hook.JSSE) {
            if (HookProbe.present(hook)) {
                found.add(hook.displayName());
            } else {
                Console.sayOnce("weave:" + hook.notFoundMessage(), hook.notFoundMessage());
            }
        }
        JsseTransformer transformer = new JsseTransformer(Hook.JSSE, Tracking.JSSE,
                Background.TLS_IN_USE_SIGNAL);
        inst.addTransformer(transformer, true);
        int retransformed = retransformLoaded(inst, transformer.targetClassNames());
        Console.say("agent " + version() + " active, policy=" + config.startPolicy().id()
                + (found.isEmpty() ? ", no hook found: nothing is detected"
                        : ", hooks: " + String.join(", ", found))
                + (attached && retransformed > 0
                        ? " (attached live: JSSE classes already loaded, exchange state unknown"
                                + " for their connections)" : ""));
        // Anonymous classes, not lambdas: no invokedynamic bootstrap on the start-up path.
        ReportWriter report = new ReportWriter(counters, stats, new Supplier<String>() {
            @Override
            public String get() {
                return policy.current().id();
            }
        });
        Supplier<String> hookStates = new Supplier<String>() {
            @Override
            public String get() {
                return transformer.describeStates();
            }
        };
        Background.start(new AgentStatus(counters, policy, hookStates, report, config.report(),
                version()), limiter, log, report, config.report());
    }

    /** JSSE classes loaded before the agent (a live attach) are rewritten too. */
    private static int retransformLoaded(Instrumentation inst, List<String> targets) {
        List<Class<?>> loaded = new ArrayList<>();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if ((loader == null || loader == platform) && targets.contains(c.getName())) {
                loaded.add(c);
            }
        }
        int done = 0;
        for (Class<?> target : loaded) {
            try {
                inst.retransformClasses(target);
                done++;
            } catch (Throwable t) {
                Console.say("could not retransform " + target.getName() + " ("
                        + Console.describe(t) + "); connections it serves are not covered");
            }
        }
        return done;
    }

    static String version() {
        String version = Activation.class.getPackage().getImplementationVersion();
        return version == null ? "(dev)" : version;
    }
}
