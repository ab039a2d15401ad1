package dev.closenotify.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines advice into a class file, using Byte Buddy directly on the bytes the JVM hands to the
 * transformer (no AgentBuilder: it costs start-up time and its default ignore rules skip exactly
 * the bootstrap classes we target).
 *
 * <p>A hook and the tracking of the same class are judged separately: a JDK build that renamed
 * one method loses only what depended on it. Without tracking fields the result adds no field,
 * method or initializer, so it is valid for retransforming a loaded class.
 */
final class HookWeaver {

    /** What was woven; {@code bytes} null means the class is left as it was. */
    record Result(byte[] bytes, boolean hookApplied, boolean trackingApplied,
            List<String> problems) {
    }

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    /**
     * @param hook the detection hook in this class, or null
     * @param tracking the exchange tracking for this class, or null (also when it must not be
     *     applied, e.g. when retransforming a class that was loaded without its fields)
     */
    Result weave(String internalName, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking) {
        String binaryName = internalName.replace('/', '.');
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(binaryName, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                        : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = pool.describe(binaryName).resolve();
        List<String> problems = new ArrayList<>();

        boolean withHook = false;
        if (hook != null) {
            withHook = declares(type, matcher(hook.method(), hook.descriptor()));
            if (!withHook) {
                problems.add(hook.notFoundMessage());
            }
        }
        boolean withTracking = false;
        if (tracking != null) {
            withTracking = true;
            for (Tracking.Point point : tracking.points()) {
                if (!declares(type, matcher(point.method(), point.descriptor()))) {
                    withTracking = false;
                    problems.add("exchange tracking is unavailable: " + tracking.displayName() + "."
                            + point.method() + " not found on " + System.getProperty("java.version")
                            + "; events on these connections say exchange=unknown");
                    break;
                }
            }
        }
        if (!withHook && !withTracking) {
            return new Result(null, false, false, problems);
        }

        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
        if (withTracking) {
            for (String field : tracking.fields()) {
                builder = builder.defineField(field, long.class, Visibility.PRIVATE);
            }
            for (Tracking.Point point : tracking.points()) {
                builder = builder.visit(Advice.to(point.advice())
                        .on(matcher(point.method(), point.descriptor())));
            }
        }
        if (withHook) {
            builder = builder.visit(Advice.to(hook.advice())
                    .on(matcher(hook.method(), hook.descriptor())));
        }
        return new Result(builder.make(pool).getBytes(), withHook, withTracking, problems);
    }

    private static ElementMatcher.Junction<MethodDescription> matcher(String method,
            String descriptor) {
        ElementMatcher.Junction<MethodDescription> byName =
                method.equals("<init>") ? isConstructor() : named(method);
        return descriptor == null ? byName : byName.and(hasDescriptor(descriptor));
    }

    private static boolean declares(TypeDescription type,
            ElementMatcher<? super MethodDescription> matcher) {
        return !type.getDeclaredMethods().filter(matcher).isEmpty();
    }
}
