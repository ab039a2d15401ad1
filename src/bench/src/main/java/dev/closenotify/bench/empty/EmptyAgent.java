package dev.closenotify.bench.empty;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The baseline agent: a premain that does nothing. The harness jars this class alone with a
 * {@code Premain-Class} manifest, so {@code -javaagent:empty-agent.jar} measures what any agent
 * costs (the JPLIS library, opening the jar, loading and calling premain).
 *
 * <p>With the agent argument {@code transformer} it also registers a retransform-capable
 * transformer that returns null for every class: a diagnostic variant that shows what merely
 * having a transformer costs (every later class load calls into Java), before any weaving.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        if ("transformer".equals(args)) {
            inst.addTransformer(new ClassFileTransformer() {
                @Override
                public byte[] transform(Module module, ClassLoader loader, String className,
                        Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
                    return null;
                }
            }, true);
        }
    }
}
