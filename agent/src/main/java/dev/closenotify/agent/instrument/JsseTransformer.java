package dev.closenotify.agent.instrument;

import dev.closenotify.agent.Console;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain transformer that compares class names and does nothing else for every class that is not
 * a target: Byte Buddy's weaving machinery is only touched when a target class loads.
 *
 * <p>Targets live in the bootstrap loader (JSSE) or the platform loader (the JDK HttpClient).
 * A hook or tracking that cannot be applied is said once, and the class is left as it was.
 */
public final class JsseTransformer implements ClassFileTransformer {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final Map<String, Tracking> trackings = new LinkedHashMap<>();
    private final Map<Hook, HookState> hookStates = new ConcurrentHashMap<>();
    private final Map<Tracking, HookState> trackingStates = new ConcurrentHashMap<>();
    private volatile AsmWeaver weaver;
    private final Runnable onTargetClass;

    public JsseTransformer(List<Hook> hookList, List<Tracking> trackingList) {
        this(hookList, trackingList, () -> { });
    }

    /** @param onTargetClass told (every time, cheaply) that a target class is being rewritten */
    public JsseTransformer(List<Hook> hookList, List<Tracking> trackingList,
            Runnable onTargetClass) {
        this.onTargetClass = onTargetClass;
        for (Hook hook : hookList) {
            hooks.put(hook.internalClassName(), hook);
            hookStates.put(hook, HookState.PENDING);
        }
        for (Tracking tracking : trackingList) {
            trackings.put(tracking.internalClassName(), tracking);
            trackingStates.put(tracking, HookState.PENDING);
        }
    }

    /** Every class name this transformer rewrites, in binary form. */
    public List<String> targetClassNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        hooks.keySet().forEach(n -> names.add(n.replace('/', '.')));
        trackings.keySet().forEach(n -> names.add(n.replace('/', '.')));
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
        onTargetClass.run();
        // A loaded class cannot gain fields: track only if it was first loaded with ours.
        if (tracking != null && classBeingRedefined != null && !hasTrackingFields(classBeingRedefined)) {
            trackingStates.put(tracking, HookState.UNAVAILABLE_LOADED);
            tracking = null;
        }
        try {
            AsmWeaver.Result result = weaver().weave(className, classFile, loader, hook, tracking);
            for (String problem : result.problems()) {
                Console.sayOnce("weave:" + problem, problem);
            }
            if (hook != null) {
                hookStates.put(hook, result.hookApplied() ? HookState.APPLIED : HookState.MISSING);
            }
            if (tracking != null) {
                trackingStates.put(tracking,
                        result.trackingApplied() ? HookState.APPLIED : HookState.MISSING);
            }
            return result.bytes();
        } catch (Throwable t) {
            String what = hook != null ? hook.displayName() : tracking.displayName();
            Console.sayOnce("weave-failed:" + className, "could not rewrite " + what + " ("
                    + Console.describe(t) + "); "
                    + (hook != null ? hook.consequence() : "exchange state is unknown there"));
            if (hook != null) {
                hookStates.put(hook, HookState.FAILED);
            }
            if (tracking != null) {
                trackingStates.put(tracking, HookState.FAILED);
            }
            return null;
        }
    }

    private static boolean hasTrackingFields(Class<?> loaded) {
        for (Field field : loaded.getDeclaredFields()) {
            if (field.getName().startsWith("closenotify$")) {
                return true;
            }
        }
        return false;
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

    public HookState state(Hook hook) {
        return hookStates.get(hook);
    }

    public HookState state(Tracking tracking) {
        return trackingStates.get(tracking);
    }

    /** {@code SSLSocketImpl.handleEOF=applied, ..., tracking SSLEngineImpl=applied}. */
    public String describeStates() {
        StringJoiner text = new StringJoiner(", ");
        hooks.values().forEach(h -> text.add(h.displayName() + "=" + hookStates.get(h).id()));
        trackings.values().forEach(t -> text.add("tracking " + t.displayName() + "="
                + trackingStates.get(t).id()));
        return text.toString();
    }
}
