package dev.closenotify.agent.weave;

import dev.closenotify.agent.util.Console;
import dev.closenotify.agent.weave.hook.Targets;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The transformer premain registers: a name and loader check for every class the application
 * loads. The hook definitions, the weavers and their classes are loaded only when a target
 * arrives, which a program that never uses TLS never sees.
 */
public final class TargetFilter implements ClassFileTransformer {

    private final Targets targets;
    private final Supplier<Transformer> factory;
    private volatile Transformer transformer;

    /**
     * @param targets the classes to pass on, from the stack registry
     * @param factory builds the transformer that does the work, at the first target
     */
    public TargetFilter(Targets targets, Supplier<Transformer> factory) {
        this.targets = targets;
        this.factory = factory;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
        if (!targets.accepts(className, loader)) {
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

    public Targets targets() {
        return targets;
    }

    /** True when {@code binaryName} has already been through this filter (woven or judged). */
    public boolean handled(String binaryName) {
        Transformer current = transformer;
        return current != null && current.handled(binaryName.replace('.', '/'));
    }

    /** The transformer that does the work, with every stack's hooks; built on first use. */
    public Transformer transformer() {
        Transformer current = transformer;
        if (current == null) {
            synchronized (this) {
                current = transformer;
                if (current == null) {
                    current = factory.get();
                    transformer = current;
                }
            }
        }
        return current;
    }
}
