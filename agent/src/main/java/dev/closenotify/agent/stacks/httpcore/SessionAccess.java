package dev.closenotify.agent.stacks.httpcore;

import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.util.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import javax.net.ssl.SSLEngine;

/**
 * The private fields of one {@code SSLIOSession} class the sources read, resolved once. The
 * library's classes live in an unnamed or automatic module, which opens every package, so the
 * agent's own lookup may enter them ({@code privateLookupIn}); a build that hides them (a named
 * module that does not open the package) gives no access, and its EOFs no event.
 */
final class SessionAccess {

    final Class<?> owner;
    private final MethodHandle engine;
    private final MethodHandle localClose;
    private final MethodHandle status;
    private final MethodHandle handshakeState;
    private final VarHandle claimed;
    private final MethodHandle remoteAddress;
    private final MethodHandle localAddress;

    private SessionAccess(Class<?> owner, MethodHandles.Lookup in, String localCloseField) {
        this.owner = owner;
        engine = Handles.getter(in, owner, "sslEngine");
        localClose = Handles.getter(in, owner, localCloseField);
        status = Handles.getter(in, owner, "status");
        handshakeState = Handles.getter(in, owner, "handshakeStateRef");
        VarHandle claim;
        try {
            claim = in.findVarHandle(owner, dev.closenotify.agent.weave.hook.TrackingFields.CLAIMED,
                    long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            claim = null;
        }
        claimed = claim;
        remoteAddress = Handles.method(in, owner, "getRemoteAddress", java.net.SocketAddress.class);
        localAddress = Handles.method(in, owner, "getLocalAddress", java.net.SocketAddress.class);
    }

    Object remoteAddress(Object session) {
        return Handles.read(remoteAddress, session);
    }

    Object localAddress(Object session) {
        return Handles.read(localAddress, session);
    }

    /**
     * The access for the class named {@code className} among {@code session}'s classes, or null.
     *
     * @param localCloseField the boolean the session's {@code close()} sets
     */
    static SessionAccess of(Object session, String className, String localCloseField) {
        for (Class<?> c = session.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                try {
                    return new SessionAccess(c, MethodHandles.privateLookupIn(c,
                            MethodHandles.lookup()), localCloseField);
                } catch (IllegalAccessException | RuntimeException e) {
                    Console.sayOnce("httpcore-access:" + className, className + " cannot be read"
                            + " by the agent (" + Console.describe(e) + "); its truncations are not"
                            + " detected");
                    return null;
                }
            }
        }
        return null;
    }

    /** What could not be resolved ({@code sslEngine}, the close flag, the claim field), or null. */
    String missing() {
        return engine == null ? "field sslEngine"
                : localClose == null && status == null ? "close flag or status"
                : claimed == null ? "the agent's claim field (the class loaded before the agent)"
                : null;
    }

    SSLEngine engine(Object session) {
        Object value = Handles.read(engine, session);
        return value instanceof SSLEngine ? (SSLEngine) value : null;
    }

    /** True for the first caller only; null when the field is missing. */
    Boolean claim(Object session) {
        try {
            return claimed.compareAndSet(session, 0L, 1L);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the application had closed the session: its close flag, or where a release has
     * none (httpcore-nio before 4.4.16 has no {@code terminated}) an int {@code status} past
     * ACTIVE (0), which the session also sets once it has seen the end itself: then a late
     * reader's end reads as a local close (an INFO line, never a false alarm). Null when
     * unreadable.
     */
    Boolean locallyClosed(Object session) {
        Object value = Handles.read(localClose != null ? localClose : status, session);
        if (value instanceof Integer) {
            return (Integer) value != 0;
        }
        return value instanceof Boolean ? (Boolean) value : null;
    }

    /** The name of the handshake state (5.x: READY, INITIALIZED, HANDSHAKING, COMPLETE), or null. */
    String handshakeState(Object session) {
        Object ref = Handles.read(handshakeState, session);
        if (!(ref instanceof java.util.concurrent.atomic.AtomicReference)) {
            return null;
        }
        Object state = ((java.util.concurrent.atomic.AtomicReference<?>) ref).get();
        return state instanceof Enum ? ((Enum<?>) state).name() : null;
    }
}
