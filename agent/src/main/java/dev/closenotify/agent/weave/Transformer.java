package dev.closenotify.agent.weave;

import dev.closenotify.agent.util.Console;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.HookState;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.hook.Woven;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Rewrites the target classes it is given: looks up the hook and tracking for the class, asks the
 * gate, hands the class to the first weaver that takes it and keeps each hook's state for the
 * MBean. In the agent it sits behind {@link TargetFilter}, which hands it targets only.
 *
 * <p>JDK targets come from the bootstrap or platform loader only; library targets from any loader
 * that sees the bootstrap bridge (one that does not delegate to it would fail at the woven call,
 * so such a class is left untouched, said once). A hook or tracking that cannot be applied is
 * said once, and the class is left as it was.
 */
public final class Transformer implements ClassFileTransformer {

    private static final String BRIDGE = "dev.closenotify.bridge.Bridge";

    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final Map<String, Tracking> trackings = new LinkedHashMap<>();
    // Keyed by class name, not by the records: a record's hashCode bootstraps invokedynamic
    // machinery that would cost start-up time.
    private final Map<String, HookState> hookStates = new ConcurrentHashMap<>();
    private final Map<String, HookState> trackingStates = new ConcurrentHashMap<>();
    private final Targets targets;
    private final List<Weaver> weavers;
    private final BooleanSupplier gate;

    /** A transformer that always weaves (the bridge is known to be in place). */
    public Transformer(Targets targets, List<Hook> hookList, List<Tracking> trackingList,
            List<Weaver> weavers) {
        this(targets, hookList, trackingList, weavers, ALWAYS);
    }

    private static final BooleanSupplier ALWAYS = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return true;
        }
    };

    /**
     * @param targets which loaders each class may come from
     * @param weavers tried in order; the first that does not decline a class weaves it
     * @param gate asked before each target class is rewritten; it readies what the woven code
     *     calls, and false leaves the class as it was (woven code must never run without it)
     */
    public Transformer(Targets targets, List<Hook> hookList, List<Tracking> trackingList,
            List<Weaver> weavers, BooleanSupplier gate) {
        this.targets = targets;
        this.weavers = weavers;
        this.gate = gate;
        for (Hook hook : hookList) {
            hooks.put(hook.internalClassName(), hook);
            hookStates.put(hook.internalClassName(), HookState.PENDING);
        }
        for (Tracking tracking : trackingList) {
            trackings.put(tracking.internalClassName(), tracking);
            trackingStates.put(tracking.internalClassName(), HookState.PENDING);
        }
    }

    /** Every class name this transformer rewrites, in binary form. */
    public List<String> targetClassNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String name : hooks.keySet()) {
            names.add(name.replace('/', '.'));
        }
        for (String name : trackings.keySet()) {
            names.add(name.replace('/', '.'));
        }
        return List.copyOf(names);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
        if (!targets.accepts(className, loader)) {
            return null;
        }
        Hook hook = hooks.get(className);
        Tracking tracking = trackings.get(className);
        if (hook == null && tracking == null) {
            return null;
        }
        if (!gate.getAsBoolean()) {
            if (hook != null) {
                hookStates.put(className, HookState.INACTIVE);
            }
            if (tracking != null) {
                trackingStates.put(className, HookState.INACTIVE);
            }
            return null;
        }
        if (loader != null && loader != ClassLoader.getPlatformClassLoader()
                && !seesBridge(loader, className)) {
            return null;
        }
        // A loaded class cannot gain fields: track only if its first load got ours.
        if (tracking != null && classBeingRedefined != null
                && trackingStates.get(className) != HookState.APPLIED) {
            trackingStates.put(className, HookState.UNAVAILABLE_LOADED);
            tracking = null;
            if (hook == null) {
                return null; // Nothing left to weave in it.
            }
        }
        if (tracking != null && tracking.requires() != null
                && trackingStates.get(tracking.requires()) != HookState.APPLIED) {
            // Its code would read fields the other class never got: a NoSuchFieldError at run time.
            Console.sayOnce("requires:" + className, "exchange tracking is unavailable: "
                    + tracking.displayName() + " needs the tracking of "
                    + tracking.requires().substring(tracking.requires().lastIndexOf('/') + 1)
                    + ", which was not applied; events on these connections say exchange=unknown"
                    + " harm=unknown");
            trackingStates.put(className, HookState.MISSING);
            tracking = null;
            if (hook == null) {
                return null;
            }
        }
        try {
            Woven result = weave(className, classFile, loader, hook, tracking);
            for (String problem : result.problems()) {
                Console.sayOnce("weave:" + problem, problem);
            }
            if (hook != null) {
                hookStates.put(className,
                        result.hookApplied() ? HookState.APPLIED : HookState.MISSING);
            }
            if (tracking != null) {
                trackingStates.put(className,
                        result.trackingApplied() ? HookState.APPLIED : HookState.MISSING);
            }
            return result.bytes();
        } catch (Throwable t) {
            String what = hook != null ? hook.displayName() : tracking.displayName();
            Console.sayOnce("weave-failed:" + className, "could not rewrite " + what + " ("
                    + Console.describe(t) + "); "
                    + (hook != null ? hook.consequence() : "exchange state is unknown there"));
            if (hook != null) {
                hookStates.put(className, HookState.FAILED);
            }
            if (tracking != null) {
                trackingStates.put(className, HookState.FAILED);
            }
            return null;
        }
    }

    private Woven weave(String className, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking) {
        for (Weaver weaver : weavers) {
            Woven result = weaver.weave(className, classFile, loader, hook, tracking);
            if (result != null) {
                return result;
            }
        }
        throw new IllegalStateException("no weaver took " + className);
    }

    /**
     * Whether woven code in a class of {@code loader} would reach the bootstrap bridge: the
     * JVM resolves the call through that loader, so ask it as the JVM will.
     */
    private static boolean seesBridge(ClassLoader loader, String className) {
        Class<?> seen;
        try {
            seen = Class.forName(BRIDGE, false, loader);
        } catch (Throwable t) {
            seen = null;
        }
        if (seen != null && seen.getClassLoader() == null) {
            return true;
        }
        Console.sayOnce("isolated:" + loader.getClass().getName() + "@"
                + System.identityHashCode(loader), className.replace('/', '.') + " in class loader "
                + loader.getClass().getName() + " is left untouched: that loader does not delegate"
                + " to the bootstrap loader, where the agent's bridge is; TLS connections of its"
                + " classes are not covered");
        return false;
    }

    /** True when the class has been through {@link #transform} (its states left PENDING). */
    public boolean handled(String internalName) {
        HookState hook = hookStates.get(internalName);
        HookState tracking = trackingStates.get(internalName);
        return (hook != null && hook != HookState.PENDING)
                || (tracking != null && tracking != HookState.PENDING);
    }

    public HookState state(Hook hook) {
        return hookStates.get(hook.internalClassName());
    }

    public HookState state(Tracking tracking) {
        return trackingStates.get(tracking.internalClassName());
    }

    /** {@code SSLSocketImpl.handleEOF=applied, ..., tracking SSLEngineImpl=applied}. */
    public String describeStates() {
        StringJoiner text = new StringJoiner(", ");
        for (Hook hook : hooks.values()) {
            text.add(hook.displayName() + "=" + hookStates.get(hook.internalClassName()).id());
        }
        // Two libraries may track classes of one simple name (HttpCore 5's and 4's
        // SSLIOSession): those are named in full.
        Set<String> names = new HashSet<>();
        Set<String> shared = new HashSet<>();
        for (Tracking tracking : trackings.values()) {
            if (!names.add(tracking.displayName())) {
                shared.add(tracking.displayName());
            }
        }
        for (Tracking tracking : trackings.values()) {
            String name = shared.contains(tracking.displayName())
                    ? tracking.internalClassName().replace('/', '.') : tracking.displayName();
            text.add("tracking " + name + "="
                    + trackingStates.get(tracking.internalClassName()).id());
        }
        return text.toString();
    }
}
