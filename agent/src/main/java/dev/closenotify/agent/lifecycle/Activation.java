package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.jmx.AgentContract;
import dev.closenotify.agent.stacks.StackRegistry;
import dev.closenotify.agent.util.Console;
import dev.closenotify.agent.weave.TargetFilter;
import dev.closenotify.agent.weave.Transformer;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.patch.EntryPatch;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Installs the agent in two steps. In premain only the transformer (a class-name check for every
 * other class, from the stack registry's strings) and the housekeeping thread; a program that
 * never uses TLS pays for nothing else. At the first target class, on that thread and before its
 * code can run, the stacks are defined (one numbering of their hooks serves the weaving and the
 * handler), the bridge goes on the bootstrap path and the handler is registered. The counters and the rest of the
 * shared state are built then too, or earlier by the housekeeping thread when it registers the
 * MBean.
 */
final class Activation {

    private final AgentConfig config;
    private final Instrumentation inst;
    private final TargetFilter transformer;
    /** Made in premain, so that it knows which property values start-up has already judged. */
    private final PolicySource policy;
    private StackRegistry.Defined stacks; // guarded by this
    private Core core; // guarded by this
    private Core.Status status; // guarded by this
    private boolean detectionTried; // guarded by this
    private boolean detecting; // guarded by this
    private boolean exitHookAdded; // guarded by this

    private Activation(AgentConfig config, Instrumentation inst) {
        this.config = config;
        this.inst = inst;
        this.policy = new PolicySource(config.startPolicy(), System.getProperties());
        this.transformer = new TargetFilter(StackRegistry.targets(), new Supplier<Transformer>() {
            @Override
            public Transformer get() {
                return newTransformer();
            }
        });
    }

    static void install(AgentConfig config, Instrumentation inst, boolean attached) {
        Activation activation = new Activation(config, inst);
        activation.inst.addTransformer(activation.transformer, true);
        System.setProperty(AgentContract.ACTIVE_PROPERTY, version());
        // Attached to a running JVM, JSSE is likely loaded: rewrite it now, and say so below. In
        // premain it almost never is (only another agent could have used TLS already), so the
        // housekeeping thread looks, off the application's start-up.
        int retransformed = attached ? activation.retransformLoaded() : 0;
        Console.say("agent " + version() + " active, policy=" + config.startPolicy().id()
                + ", hooks: " + StackRegistry.hookNames()
                + (attached && retransformed > 0
                        ? " (attached live: JSSE classes already loaded, exchange state unknown"
                                + " for their connections)" : ""));
        if (config.report() != null) {
            activation.addExitHook(); // The report is written at exit even if nothing happened.
        }
        Housekeeping.start(activation, attached);
    }

    /** Every stack, defined once: its hooks and its sources share one numbering. */
    private synchronized StackRegistry.Defined stacks() {
        if (stacks == null) {
            stacks = StackRegistry.define();
        }
        return stacks;
    }

    /**
     * The transformer behind the premain filter, at the first target. Weavers in order: the
     * class-file patch takes a lone entry call (cheapest at the first TLS use), ASM the rest.
     */
    private Transformer newTransformer() {
        StackRegistry.Defined defined = stacks();
        List<Weaver> weavers = List.of(new EntryPatch(), new AsmWeaver());
        return new Transformer(transformer.targets(), defined.hooks(), defined.trackings(),
                weavers, new BooleanSupplier() {
                    @Override
                    public boolean getAsBoolean() {
                        return startDetection();
                    }
                });
    }

    /**
     * The transformer's gate, asked before each target class is rewritten: puts the bridge on the
     * bootstrap path and registers the handler, once. False (and the class is left as it was)
     * when that failed; the reason has been said.
     */
    synchronized boolean startDetection() {
        if (!detectionTried) {
            detectionTried = true;
            try {
                Core shared = core();
                // Detection links against the bridge, so it may only load once the bridge is on
                // the bootstrap path.
                detecting = BootstrapBridge.ensureOnBootPath(inst)
                        && Detection.connect(config, shared, stacks().sources());
            } catch (Throwable t) {
                Console.say("the agent could not start its detection (" + Console.describe(t)
                        + "); the application runs without it");
            }
        }
        return detecting;
    }

    /** The shared state, built on first need. */
    synchronized Core core() {
        if (core == null) {
            core = new Core(config, policy);
            addExitHook();
        }
        return core;
    }

    /** The report writer and the MBean, built on first need (never on an application thread). */
    synchronized Core.Status status() {
        if (status == null) {
            status = new Core.Status(core(), config, new Supplier<String>() {
                @Override
                public String get() {
                    return transformer.transformer().describeStates();
                }
            });
        }
        return status;
    }

    private synchronized void addExitHook() {
        if (!exitHookAdded) {
            exitHookAdded = true;
            Housekeeping.addExitHook(this);
        }
    }

    /** The shared state if anything has needed it yet, else null: nothing to summarise at exit. */
    synchronized Core coreIfBuilt() {
        return core;
    }

    AgentConfig config() {
        return config;
    }

    /**
     * Target classes loaded before the agent (a live attach, or another agent that used TLS in
     * its premain) are rewritten too.
     */
    int retransformLoaded() {
        Targets targets = transformer.targets();
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (targets.acceptsLoaded(c) && !transformer.handled(c.getName())) {
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
