package dev.closenotify.agent.stacks.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;

/**
 * How a library stack reads a library's objects: handles resolved once (null when the release
 * lacks the member), read on the EOF path only, where every failure is "unknown", never an
 * exception into the library.
 */
public final class Handles {

    private Handles() {
    }

    /** A getter of {@code owner}'s declared field {@code name} as {@code (Object)Object}, or null. */
    public static MethodHandle getter(MethodHandles.Lookup in, Class<?> owner, String name) {
        if (owner == null) {
            return null;
        }
        try {
            return in.unreflectGetter(owner.getDeclaredField(name))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {@code owner}'s no-argument method {@code name} as {@code (Object)Object}, or null. */
    public static MethodHandle method(MethodHandles.Lookup in, Class<?> owner, String name,
            Class<?> returns) {
        if (owner == null) {
            return null;
        }
        try {
            return in.findVirtual(owner, name, MethodType.methodType(returns))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The handle's value for {@code target}; null if either is null or the call failed. */
    public static Object read(MethodHandle handle, Object target) {
        if (handle == null || target == null) {
            return null;
        }
        try {
            return handle.invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }

    public static InetSocketAddress inet(Object address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }
}
