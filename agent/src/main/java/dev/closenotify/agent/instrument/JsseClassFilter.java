package dev.closenotify.agent.instrument;

import dev.closenotify.agent.Console;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.BooleanSupplier;

/**
 * The transformer premain registers: a loader check and a name check for every class the
 * application loads. The hook definitions, the weaver and their classes are loaded only when a
 * {@link JsseTargets target} arrives, which a program that never uses TLS never sees.
 */
public final class JsseClassFilter implements ClassFileTransformer {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final BooleanSupplier gate;
    private volatile JsseTransformer transformer;

    /**
     * @param gate see {@link JsseTransformer#JsseTransformer(java.util.List, java.util.List,
     *     BooleanSupplier)}
     */
    public JsseClassFilter(BooleanSupplier gate) {
        this.gate = gate;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
        if ((loader != null && loader != PLATFORM) || className == null
                || !JsseTargets.contains(className)) {
            return null;
        }
        try {
            return transformer().transform(module, loader, className, classBeingRedefined,
                    domain, classFile);
        } catch (Throwable t) {
            // The JVM would drop it silently and load the class as it is: say it, once.
            Console.sayOnce("filter:" + className, "could not rewrite " + className + " ("
                    + Console.describe(t) + "); TLS connections it serves are not covered");
            return null;
        }
    }

    /** True when {@code binaryName} has already been through this filter (woven or judged). */
    public boolean handled(String binaryName) {
        JsseTransformer current = transformer;
        return current != null && current.handled(binaryName.replace('.', '/'));
    }

    /** The transformer that does the work, with the JSSE hooks and tracking; built on first use. */
    public JsseTransformer transformer() {
        JsseTransformer current = transformer;
        if (current == null) {
            synchronized (this) {
                current = transformer;
                if (current == null) {
                    current = new JsseTransformer(Hook.JSSE, Tracking.JSSE, gate);
                    transformer = current;
                }
            }
        }
        return current;
    }
}
