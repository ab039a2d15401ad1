package dev.closenotify.agent.instrument;

import dev.closenotify.agent.Console;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Rewrites the target classes it is given: looks up the hook and tracking for the class, asks the
 * gate, weaves with {@link AsmWeaver} and keeps each hook's state for the MBean. In the agent it
 * sits behind {@link JsseClassFilter}, which hands it JSSE classes only.
 *
 * <p>Targets live in the bootstrap loader (JSSE) or the platform loader (the JDK HttpClient).
 * A hook or tracking that cannot be applied is said once, and the class is left as it was.
 */
public final class JsseTransformer implements ClassFileTransformer {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final Map<String, Tracking> trackings = new LinkedHashMap<>();
    // Keyed by class name, not by the records: a record's hashCode bootstraps invokedynamic
    // machinery that would cost start-up time.
    private final Map<String, HookState> hookStates = new ConcurrentHashMap<>();
    private final Map<String, HookState> trackingStates = new ConcurrentHashMap<>();
    private volatile AsmWeaver weaver;
    private final BooleanSupplier gate;

    /** A transformer that always weaves (the bridge is known to be in place). */
    public JsseTransformer(List<Hook> hookList, List<Tracking> trackingList) {
        this(hookList, trackingList, ALWAYS);
    }

    private static final BooleanSupplier ALWAYS = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return true;
        }
    };

    /**
     * @param gate asked before each target class is rewritten; it readies what the woven code
     *     calls, and false leaves the class as it was (woven code must never run without it)
     */
    public JsseTransformer(List<Hook> hookList, List<Tracking> trackingList,
            BooleanSupplier gate) {
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
        if ((loader != null && loader != PLATFORM) || className == null) {
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
        // A loaded class cannot gain fields: track only if its first load got ours.
        if (tracking != null && classBeingRedefined != null
                && trackingStates.get(className) != HookState.APPLIED) {
            trackingStates.put(className, HookState.UNAVAILABLE_LOADED);
            tracking = null;
            if (hook == null) {
                return null; // Nothing left to weave in it.
            }
        }
        try {
            AsmWeaver.Result result = weaver().weave(className, classFile, loader, hook, tracking);
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

    private AsmWeaver weaver() {
        AsmWeaver current = weaver;
        if (current == null) {
            synchronized (this) {
                current = weaver;
                if (current == null) {
                    current = new AsmWeaver();
                    weaver = current;
                }
            }
        }
        return current;
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
        for (Tracking tracking : trackings.values()) {
            text.add("tracking " + tracking.displayName() + "="
                    + trackingStates.get(tracking.internalClassName()).id());
        }
        return text.toString();
    }
}
