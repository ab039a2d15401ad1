package dev.closenotify.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines a hook's advice into a class file, using Byte Buddy directly on the bytes the JVM hands
 * to the transformer (no AgentBuilder: it costs start-up time and its default ignore rules skip
 * exactly the bootstrap classes we target).
 *
 * <p>The result adds no field, method or initializer, so it is also valid for retransforming a
 * class that is already loaded.
 */
final class HookWeaver {

    /** The class has no method matching the hook; the class is left as it was. */
    static final class HookMissingException extends Exception {
        HookMissingException(String message) {
            super(message, null, false, false);
        }
    }

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    byte[] weave(Hook hook, byte[] classFile, ClassLoader loader) throws HookMissingException {
        String binaryName = hook.className();
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(binaryName, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                        : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = pool.describe(binaryName).resolve();
        ElementMatcher.Junction<MethodDescription> target =
                named(hook.method()).and(hasDescriptor(hook.descriptor()));
        if (type.getDeclaredMethods().filter(target).isEmpty()) {
            throw new HookMissingException(hook.notFoundMessage());
        }
        return byteBuddy.redefine(type, locator)
                .visit(Advice.to(hook.advice()).on(target))
                .make(pool)
                .getBytes();
    }
}
