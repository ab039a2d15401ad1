package dev.closenotify.agent.stacks.bcjsse;

import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.util.Console;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent reads from BouncyCastle's {@code TlsProtocol}, resolved once: its
 * {@code closed} and {@code appDataReady} flags, its peer ({@code getPeer()}), and the BCJSSE
 * socket or engine behind that peer (the {@code manager} of {@code ProvTlsClient} and
 * {@code ProvTlsServer}). BouncyCastle's jars are read from the class path (an unnamed module,
 * open to {@code privateLookupIn}); on the module path without an opened package, nothing is
 * read and its EOFs give no event (said once).
 */
final class ProtocolAccess {

    final Class<?> owner;
    private final MethodHandle closed;
    private final MethodHandle appDataReady;
    private final MethodHandle peer;
    private final VarHandle claimed;
    /**
     * Handles to BCJSSE's members by class and name; only the EOF path looks here, and fills it
     * once per class.
     */
    private final Map<String, MethodHandle> members = new ConcurrentHashMap<>();

    private ProtocolAccess(Class<?> owner, MethodHandles.Lookup in) {
        this.owner = owner;
        closed = Handles.getter(in, owner, "closed");
        appDataReady = Handles.getter(in, owner, "appDataReady");
        MethodHandle p;
        try {
            p = in.findVirtual(owner, "getPeer", MethodType.methodType(
                    Class.forName("org.bouncycastle.tls.TlsPeer", false, owner.getClassLoader())))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            p = null;
        }
        peer = p;
        VarHandle claim;
        try {
            claim = in.findVarHandle(owner, TrackingFields.CLAIMED, long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            claim = null; // Loaded before the agent: no field could be added.
        }
        claimed = claim;
    }

    static ProtocolAccess of(Object protocol) {
        String name = BcTargets.PROTOCOL.replace('/', '.');
        for (Class<?> c = protocol.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                try {
                    return new ProtocolAccess(c, MethodHandles.privateLookupIn(c,
                            MethodHandles.lookup()));
                } catch (IllegalAccessException | RuntimeException e) {
                    Console.sayOnce("bcjsse-access", name + " cannot be read by the agent ("
                            + Console.describe(e) + "); BouncyCastle JSSE truncations are not"
                            + " detected");
                    return null;
                }
            }
        }
        return null;
    }

    String missing() {
        return closed == null ? "field closed"
                : appDataReady == null ? "field appDataReady"
                : peer == null ? "method getPeer"
                : null;
    }

    boolean closed(Object protocol) {
        return Boolean.TRUE.equals(Handles.read(closed, protocol));
    }

    boolean handshakeDone(Object protocol) {
        return Boolean.TRUE.equals(Handles.read(appDataReady, protocol));
    }

    /** True for the first caller, false after; null without the field. */
    Boolean claim(Object protocol) {
        if (claimed == null) {
            return null;
        }
        try {
            return claimed.compareAndSet(protocol, 0L, 1L);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The BCJSSE socket or engine this protocol serves, or null (BouncyCastle's own TLS API). */
    Object manager(Object protocol) {
        return member(Handles.read(peer, protocol), "manager", false);
    }

    /** Whether the protocol is a {@code TlsClientProtocol} (else the server's). */
    static boolean client(Object protocol) {
        for (Class<?> c = protocol.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.bouncycastle.tls.TlsClientProtocol")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The negotiated session of a BCJSSE socket or engine, read without its locks (its own
     * {@code getSession()} is synchronized on the socket, which another thread may hold): its
     * {@code connection} field, that connection's {@code getSession()}, and the standard
     * {@code SSLSession} BCJSSE exports for it ({@code exportSSLSession}). Null if any is absent.
     */
    Object session(Object manager) {
        Object connection = member(manager, "connection", false);
        Object session = member(connection, "getSession", true);
        return member(session, "exportSSLSession", false);
    }

    /** A field's value or a no-argument method's result, resolved once per class and name. */
    private Object member(Object target, String name, boolean method) {
        if (target == null) {
            return null;
        }
        MethodHandle handle = members.computeIfAbsent(target.getClass().getName() + "#" + name,
                key -> resolve(target.getClass(), name, method));
        return Handles.read(handle, target);
    }

    /** A handle that returns null, so that a member a class lacks is looked for once. */
    private static final MethodHandle NONE = MethodHandles.dropArguments(
            MethodHandles.constant(Object.class, null), 0, Object.class);

    private static MethodHandle resolve(Class<?> type, String name, boolean method) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (!c.getName().startsWith("org.bouncycastle.")) {
                continue;
            }
            try {
                MethodHandles.Lookup in = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                if (method) {
                    for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                        if (m.getName().equals(name) && m.getParameterCount() == 0) {
                            return in.unreflect(m).asType(
                                    MethodType.methodType(Object.class, Object.class));
                        }
                    }
                } else {
                    MethodHandle h = Handles.getter(in, c, name);
                    if (h != null) {
                        return h;
                    }
                }
            } catch (IllegalAccessException | RuntimeException e) {
                return NONE;
            }
        }
        return NONE;
    }
}
