package dev.closenotify.agent.stacks.undertow;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;

/**
 * What the agent reads from Undertow's {@code SslConduit}, resolved once from a lookup made in
 * it: its state bits, the connection's addresses, and the SunJSSE engine inside Undertow's engine
 * wrappers ({@code SNISSLEngine}, {@code ALPNLimitingSSLEngine}).
 */
final class ConduitAccess {

    // SslConduit's flags, the same in 2.3 and 2.4.
    static final int READ_SHUTDOWN = 1 << 5;
    static final int IN_HANDSHAKE = 1 << 11;
    static final int CLOSED = 1 << 12;
    static final int WRITE_CLOSED = 1 << 13;
    static final int READ_CLOSED = 1 << 14;

    private static final String SNI_ENGINE = "io.undertow.protocols.ssl.SNISSLEngine";
    private static final String ALPN_ENGINE = "io.undertow.server.protocol.http.ALPNLimitingSSLEngine";

    final Class<?> conduit;
    private final MethodHandles.Lookup lookup;
    private final MethodHandle state;
    private final MethodHandle delegate;
    private final MethodHandle peerAddress;
    private final MethodHandle localAddress;

    private ConduitAccess(MethodHandles.Lookup lookup) {
        this.lookup = lookup;
        conduit = lookup.lookupClass();
        state = getter(lookup, conduit, "state");
        delegate = getter(lookup, conduit, "delegate");
        Class<?> connection = fieldType(conduit, "delegate");
        peerAddress = address(lookup, connection, "getPeerAddress");
        localAddress = address(lookup, connection, "getLocalAddress");
    }

    /** Only a private lookup made in Undertow's {@code SslConduit} itself is accepted. */
    static ConduitAccess of(MethodHandles.Lookup lookup) {
        if (lookup == null || (lookup.lookupModes() & MethodHandles.Lookup.PRIVATE) == 0
                || !lookup.lookupClass().getName().equals(
                        UndertowTargets.CONDUIT.replace('/', '.'))) {
            return null;
        }
        return new ConduitAccess(lookup);
    }

    /** The state bits, or -1 when unreadable. */
    int state(Object conduitObject) {
        Object value = invoke(state, conduitObject);
        return value instanceof Integer ? (Integer) value : -1;
    }

    InetSocketAddress remote(Object conduitObject) {
        return inet(invoke(peerAddress, invoke(delegate, conduitObject)));
    }

    InetSocketAddress local(Object conduitObject) {
        return inet(invoke(localAddress, invoke(delegate, conduitObject)));
    }

    /** The engine inside Undertow's wrappers (each delegates to one), or the engine itself. */
    Object unwrap(SSLEngine engine) {
        Object current = engine;
        for (int depth = 0; depth < 4 && current != null; depth++) {
            String name = current.getClass().getName();
            Object inner;
            if (name.equals(SNI_ENGINE)) {
                Object ref = privateField(current, "currentRef");
                inner = ref instanceof AtomicReference ? ((AtomicReference<?>) ref).get() : null;
            } else if (name.equals(ALPN_ENGINE)) {
                inner = privateField(current, "delegate");
            } else {
                return current;
            }
            if (!(inner instanceof SSLEngine)) {
                return current;
            }
            current = inner;
        }
        return current;
    }

    private Object privateField(Object target, String name) {
        try {
            Class<?> owner = target.getClass();
            return getter(MethodHandles.privateLookupIn(owner, lookup), owner, name).invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }

    private static InetSocketAddress inet(Object address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    private static Object invoke(MethodHandle handle, Object target) {
        if (handle == null || target == null) {
            return null;
        }
        try {
            return handle.invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }

    private static Class<?> fieldType(Class<?> owner, String name) {
        try {
            return owner.getDeclaredField(name).getType();
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            return lookup.unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle address(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        if (owner == null) {
            return null;
        }
        try {
            return lookup.findVirtual(owner, name, MethodType.methodType(SocketAddress.class))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
