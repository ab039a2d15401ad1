package dev.closenotify.agent.event;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import javax.net.ssl.SSLEngine;

/**
 * Finds the {@link SSLEngine} behind the JDK HttpClient's TLS reader
 * ({@code SSLFlowDelegate$Reader.this$0.engine}), through a lookup created inside
 * {@code jdk.internal.net.http.common}; resolved on the first end-of-stream, then cached.
 */
final class HttpClientAccess {

    private final MethodHandle readerOwner;
    private final MethodHandle delegateEngine;

    HttpClientAccess(MethodHandles.Lookup http, Class<?> readerClass) {
        MethodHandle owner = null;
        MethodHandle engine = null;
        try {
            Class<?> delegate = readerClass.getEnclosingClass();
            owner = getter(http, readerClass, outerField(readerClass, delegate));
            engine = getter(http, delegate, "engine");
        } catch (Throwable t) {
            // Left null: the reader's engine cannot be found on this JDK.
        }
        readerOwner = owner;
        delegateEngine = engine;
    }

    boolean usable() {
        return readerOwner != null && delegateEngine != null;
    }

    SSLEngine engine(Object reader) {
        try {
            Object delegate = readerOwner.invoke(reader);
            Object engine = delegate == null ? null : delegateEngine.invoke(delegate);
            return engine instanceof SSLEngine ? (SSLEngine) engine : null;
        } catch (Throwable t) {
            return null;
        }
    }

    // The synthetic reference to the enclosing instance; javac names it this$0.
    private static String outerField(Class<?> inner, Class<?> outer) {
        for (Field f : inner.getDeclaredFields()) {
            if (f.isSynthetic() && f.getType() == outer) {
                return f.getName();
            }
        }
        return "this$0";
    }

    private static MethodHandle getter(MethodHandles.Lookup http, Class<?> owner, String name)
            throws ReflectiveOperationException {
        MethodHandles.Lookup inOwner = MethodHandles.privateLookupIn(owner, http);
        return inOwner.unreflectGetter(owner.getDeclaredField(name))
                .asType(MethodType.methodType(Object.class, Object.class));
    }
}
