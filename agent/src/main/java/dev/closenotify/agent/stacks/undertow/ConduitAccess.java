package dev.closenotify.agent.stacks.undertow;

import dev.closenotify.agent.stacks.spi.Handles;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
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
        state = Handles.getter(lookup, conduit, "state");
        delegate = Handles.getter(lookup, conduit, "delegate");
        Class<?> connection = fieldType(conduit, "delegate");
        peerAddress = Handles.method(lookup, connection, "getPeerAddress", SocketAddress.class);
        localAddress = Handles.method(lookup, connection, "getLocalAddress", SocketAddress.class);
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
        Object value = Handles.read(state, conduitObject);
        return value instanceof Integer ? (Integer) value : -1;
    }

    InetSocketAddress remote(Object conduitObject) {
        return Handles.inet(Handles.read(peerAddress, Handles.read(delegate, conduitObject)));
    }

    InetSocketAddress local(Object conduitObject) {
        return Handles.inet(Handles.read(localAddress, Handles.read(delegate, conduitObject)));
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
            return Handles.read(Handles.getter(MethodHandles.privateLookupIn(owner, lookup), owner,
                    name), target);
        } catch (IllegalAccessException | RuntimeException e) {
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
}
