package dev.closenotify.agent.stacks.netty;

import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What the agent reads from one {@code SslHandler} class (Netty's or a relocated copy), resolved
 * once from a lookup made inside it: its private state, its promises, the channel's addresses,
 * and the tracking fields of the OpenSSL engine beside it. Every getter answers null (or false)
 * when a handle could not be resolved, so a Netty build that differs gives fewer details, never
 * an exception.
 */
final class NettyAccess {

    /** {@code SslHandler.STATE_HANDSHAKE_STARTED}, the same in 4.1 and 4.2. */
    static final int HANDSHAKE_STARTED = 1 << 3;
    /**
     * {@code SslHandler.STATE_OUTBOUND_CLOSED}, the same in 4.1 and 4.2: set by every local close
     * (close, closeOutbound) and by a failure, before the engine is told.
     */
    static final int OUTBOUND_CLOSED = 1 << 5;

    final Class<?> handler;
    private final MethodHandle state;
    private final MethodHandle handshakePromise;
    private final MethodHandle sslClosePromise;
    private final MethodHandle isSuccess;
    private final MethodHandle isDone;
    private final MethodHandle channel;
    private final MethodHandle remoteAddress;
    private final MethodHandle localAddress;
    private final String openSslEngineName;
    /**
     * Kept to reach the OpenSSL engine's added fields once an engine of it shows up. A lookup of
     * a class-path library grants nothing that reflection on its unnamed module does not.
     */
    private final MethodHandles.Lookup lookup;
    private volatile EngineFields engineFields;
    private final String jdkEngineName;
    private volatile MethodHandle wrappedEngine;

    private NettyAccess(MethodHandles.Lookup lookup, String prefix) {
        handler = lookup.lookupClass();
        state = Handles.getter(lookup, handler, "state");
        handshakePromise = Handles.getter(lookup, handler, "handshakePromise");
        sslClosePromise = Handles.getter(lookup, handler, "sslClosePromise");
        Class<?> future = find(lookup, prefix + "util.concurrent.Future");
        isSuccess = Handles.method(lookup, future, "isSuccess", boolean.class);
        isDone = Handles.method(lookup, future, "isDone", boolean.class);
        Class<?> context = find(lookup, prefix + "channel.ChannelHandlerContext");
        Class<?> channelType = find(lookup, prefix + "channel.Channel");
        channel = context == null || channelType == null ? null
                : Handles.method(lookup, context, "channel", channelType);
        remoteAddress = Handles.method(lookup, channelType, "remoteAddress", SocketAddress.class);
        localAddress = Handles.method(lookup, channelType, "localAddress", SocketAddress.class);
        openSslEngineName = prefix + "handler.ssl.ReferenceCountedOpenSslEngine";
        jdkEngineName = prefix + "handler.ssl.JdkSslEngine";
        this.lookup = lookup;
    }

    /**
     * The access for the lookup's class, or null when the lookup is not a private one made in
     * {@code <prefix>handler.ssl.SslHandler}: only Netty's own woven code can make one.
     */
    static NettyAccess of(MethodHandles.Lookup lookup, String prefix) {
        if (lookup == null || (lookup.lookupModes() & MethodHandles.Lookup.PRIVATE) == 0
                || !lookup.lookupClass().getName().equals(prefix + "handler.ssl.SslHandler")) {
            return null;
        }
        return new NettyAccess(lookup, prefix);
    }

    /** Whether everything {@link NettyEof#kind} needs was resolved. */
    boolean readable() {
        return state != null && handshakePromise != null && sslClosePromise != null
                && isSuccess != null && isDone != null;
    }

    /** The handler's state bits, or -1 when unreadable. */
    int state(Object sslHandler) {
        Object value = Handles.read(state, sslHandler);
        return value instanceof Short ? ((Short) value) & 0xffff : -1;
    }

    /** Whether close_notify arrived: Netty completes this promise when unwrap returns CLOSED. */
    Boolean closeNotifyReceived(Object sslHandler) {
        return test(isSuccess, Handles.read(sslClosePromise, sslHandler));
    }

    Boolean handshakeDone(Object sslHandler) {
        return test(isDone, Handles.read(handshakePromise, sslHandler));
    }

    Boolean handshakeSucceeded(Object sslHandler) {
        return test(isSuccess, Handles.read(handshakePromise, sslHandler));
    }

    InetSocketAddress remote(Object context) {
        return Handles.inet(Handles.read(remoteAddress, Handles.read(channel, context)));
    }

    InetSocketAddress local(Object context) {
        return Handles.inet(Handles.read(localAddress, Handles.read(channel, context)));
    }

    /**
     * The engine Netty's JDK provider wraps for ALPN ({@code JdkSslEngine} and its subclasses
     * hold the SunJSSE engine), or {@code engine} itself.
     */
    Object unwrap(Object engine) {
        for (Class<?> c = engine.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(jdkEngineName)) {
                MethodHandle wrapped = wrappedEngine;
                if (wrapped == null) {
                    wrapped = Handles.method(lookup, c, "getWrappedEngine", javax.net.ssl.SSLEngine.class);
                    wrappedEngine = wrapped;
                }
                Object inner = Handles.read(wrapped, engine);
                return inner != null ? inner : engine;
            }
        }
        return engine;
    }

    /**
     * The tracking fields of netty-tcnative's engine when {@code engine} is one (of this copy of
     * Netty), else null. Found from the engine's own class, so a Netty without tcnative never
     * loads the class.
     */
    EngineFields openSsl(Object engine) {
        if (engine == null) {
            return null;
        }
        EngineFields fields = engineFields;
        if (fields != null && fields.owner.isInstance(engine)) {
            return fields;
        }
        for (Class<?> c = engine.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(openSslEngineName)) {
                fields = new EngineFields(c, privateIn(c, lookup));
                engineFields = fields;
                return fields;
            }
        }
        return null;
    }

    /** The counters and the framing watch the agent's tracking added to the OpenSSL engine. */
    static final class EngineFields {
        final Class<?> owner;
        private final MethodHandle[] traffic;
        private final MethodHandle watch;

        EngineFields(Class<?> owner, MethodHandles.Lookup engine) {
            this.owner = owner;
            traffic = new MethodHandle[] {
                field(engine, TrackingFields.CREATED), field(engine, TrackingFields.BYTES_IN),
                field(engine, TrackingFields.LAST_IN), field(engine, TrackingFields.BYTES_OUT),
                field(engine, TrackingFields.LAST_OUT)};
            watch = field(engine, TrackingFields.WATCH);
        }

        /** The engine's counters, or null when it was not tracked. */
        Traffic traffic(Object engine) {
            long[] v = new long[traffic.length];
            for (int i = 0; i < v.length; i++) {
                Object value = Handles.read(traffic[i], engine);
                if (!(value instanceof Long)) {
                    return null;
                }
                v[i] = (Long) value;
            }
            return new Traffic(v[0], v[1], v[2], v[3], v[4]);
        }

        Object watch(Object engine) {
            return Handles.read(watch, engine);
        }
    }

    private static Boolean test(MethodHandle handle, Object target) {
        Object value = Handles.read(handle, target);
        return value instanceof Boolean ? (Boolean) value : null;
    }

    private static MethodHandle field(MethodHandles.Lookup owner, String name) {
        if (owner == null) {
            return null;
        }
        return Handles.getter(owner, owner.lookupClass(), name);
    }

    private static Class<?> find(MethodHandles.Lookup lookup, String name) {
        try {
            return Class.forName(name, false, lookup.lookupClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** A lookup with private access to {@code owner}, a class of the handler's own module. */
    private static MethodHandles.Lookup privateIn(Class<?> owner, MethodHandles.Lookup lookup) {
        if (owner == null) {
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(owner, lookup);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }
}
