package dev.closenotify.agent.instrument;

import dev.closenotify.agent.Console;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain transformer that compares class names and does nothing else for every class that is not
 * a hook target: Byte Buddy's weaving machinery is only touched when a target class loads.
 *
 * <p>A hook that cannot be applied is said once, and its class is returned untouched.
 */
public final class JsseTransformer implements ClassFileTransformer {

    private final List<Hook> hooks;
    private final Map<Hook, HookState> states = new ConcurrentHashMap<>();
    private volatile HookWeaver weaver;

    public JsseTransformer(List<Hook> hooks) {
        this.hooks = hooks;
        for (Hook hook : hooks) {
            states.put(hook, HookState.PENDING);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
        if (loader != null || className == null) {
            return null;
        }
        for (Hook hook : hooks) {
            if (hook.internalClassName().equals(className)) {
                return apply(hook, classFile);
            }
        }
        return null;
    }

    private byte[] apply(Hook hook, byte[] classFile) {
        try {
            byte[] woven = weaver().weave(hook, classFile, null);
            states.put(hook, HookState.APPLIED);
            return woven;
        } catch (HookWeaver.HookMissingException e) {
            states.put(hook, HookState.MISSING);
            Console.sayOnce("hook:" + hook.displayName(), e.getMessage());
        } catch (Throwable t) {
            states.put(hook, HookState.FAILED);
            Console.sayOnce("hook:" + hook.displayName(), "could not rewrite " + hook.displayName()
                    + " (" + Console.describe(t) + "); " + hook.consequence());
        }
        return null;
    }

    private HookWeaver weaver() {
        HookWeaver current = weaver;
        if (current == null) {
            synchronized (this) {
                current = weaver;
                if (current == null) {
                    current = new HookWeaver();
                    weaver = current;
                }
            }
        }
        return current;
    }

    public HookState state(Hook hook) {
        return states.get(hook);
    }

    /** {@code SSLSocketImpl.handleEOF=applied, SSLEngineImpl.closeInbound=pending}. */
    public String describeStates() {
        StringJoiner text = new StringJoiner(", ");
        for (Hook hook : hooks) {
            text.add(hook.displayName() + "=" + states.get(hook).id());
        }
        return text.toString();
    }
}
