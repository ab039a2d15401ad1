package dev.closenotify.agent.stacks.jsse;

import dev.closenotify.agent.model.ConnectionState;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import javax.net.ssl.SSLSession;

/**
 * Reads SunJSSE's connection state ({@code sun.security.ssl.TransportContext} and friends).
 *
 * <p>That package is not exported, so the handles are made from a {@link MethodHandles.Lookup}
 * created inside the instrumented JSSE class: it has that package's access, so no
 * {@code --add-opens} is needed. Each handle is resolved on its own; one the JDK build lacks stays
 * null and its value reads as unknown instead of failing the rest. Handles are resolved once, on
 * the first EOF, never on the normal read path.
 */
public final class JsseAccess {

    private static final String PKG = "sun.security.ssl.";

    private final MethodHandle isNegotiated;
    private final MethodHandle isInputCloseNotified;
    private final MethodHandle handshakeContext;
    private final MethodHandle isInboundClosed;
    private final MethodHandle isOutboundClosed;
    private final MethodHandle isOutboundDone;
    private final MethodHandle sslConfig;
    private final MethodHandle isClientMode;
    private final MethodHandle conSession;
    private final MethodHandle negotiatedProtocol;
    private final MethodHandle negotiatedCipherSuite;
    private final MethodHandle protocolName;
    private final MethodHandle cipherSuiteName;
    private final MethodHandle inputRecord;
    private final MethodHandle socketRecordHeaderOff;
    private final MethodHandle engineContext;
    private final MethodHandle socketAppInput;
    private final MethodHandle socketAppOutput;
    private final TrafficFields socketIn;
    private final TrafficFields socketOut;
    private final TrafficFields engineTraffic;
    private final MethodHandle socketWatch;
    private final MethodHandle engineWatch;
    private final VarHandle engineClaimed;

    JsseAccess(MethodHandles.Lookup jsse) {
        Class<?> context = find(jsse, "TransportContext");
        Class<?> handshake = find(jsse, "HandshakeContext");
        Class<?> config = find(jsse, "SSLConfiguration");
        isNegotiated = getter(jsse, context, "isNegotiated");
        isInputCloseNotified = getter(jsse, context, "isInputCloseNotified");
        handshakeContext = getter(jsse, context, "handshakeContext");
        isInboundClosed = booleanMethod(jsse, context, "isInboundClosed");
        isOutboundClosed = booleanMethod(jsse, context, "isOutboundClosed");
        isOutboundDone = booleanMethod(jsse, context, "isOutboundDone");
        sslConfig = getter(jsse, context, "sslConfig");
        isClientMode = getter(jsse, config, "isClientMode");
        conSession = getter(jsse, context, "conSession");
        negotiatedProtocol = getter(jsse, handshake, "negotiatedProtocol");
        negotiatedCipherSuite = getter(jsse, handshake, "negotiatedCipherSuite");
        protocolName = getter(jsse, find(jsse, "ProtocolVersion"), "name");
        cipherSuiteName = getter(jsse, find(jsse, "CipherSuite"), "name");
        inputRecord = getter(jsse, context, "inputRecord");
        socketRecordHeaderOff = privateGetter(jsse, find(jsse, "SSLSocketInputRecord"), "headerOff");
        Class<?> socket = find(jsse, "SSLSocketImpl");
        Class<?> engine = find(jsse, "SSLEngineImpl");
        engineContext = privateGetter(jsse, engine, "conContext");
        socketAppInput = privateGetter(jsse, socket, "appInput");
        socketAppOutput = privateGetter(jsse, socket, "appOutput");
        socketIn = new TrafficFields(jsse, find(jsse, "SSLSocketImpl$AppInputStream"));
        socketOut = new TrafficFields(jsse, find(jsse, "SSLSocketImpl$AppOutputStream"));
        engineTraffic = new TrafficFields(jsse, engine);
        socketWatch = privateGetter(jsse, socket, TrackingFields.WATCH);
        engineWatch = privateGetter(jsse, engine, TrackingFields.WATCH);
        engineClaimed = privateLongVar(jsse, engine, TrackingFields.CLAIMED);
    }

    /**
     * Takes the engine's EOF for one event: true for the first caller only. Null when the engine
     * has no claim field (not a SunJSSE engine, or one loaded before a live attach).
     */
    Boolean claimEngine(Object engine) {
        VarHandle claimed = engineClaimed;
        if (claimed == null || engine == null
                || !claimed.coordinateTypes().get(0).isInstance(engine)) {
            return null;
        }
        try {
            return claimed.compareAndSet(engine, 0L, 1L);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static VarHandle privateLongVar(MethodHandles.Lookup jsse, Class<?> owner,
            String field) {
        if (owner == null) {
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(owner, jsse).findVarHandle(owner, field, long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The fields the agent's tracking added to one class; each null when absent. */
    private static final class TrafficFields {
        final MethodHandle created;
        final MethodHandle bytesIn;
        final MethodHandle lastIn;
        final MethodHandle bytesOut;
        final MethodHandle lastOut;

        TrafficFields(MethodHandles.Lookup jsse, Class<?> owner) {
            created = privateGetter(jsse, owner, TrackingFields.CREATED);
            bytesIn = privateGetter(jsse, owner, TrackingFields.BYTES_IN);
            lastIn = privateGetter(jsse, owner, TrackingFields.LAST_IN);
            bytesOut = privateGetter(jsse, owner, TrackingFields.BYTES_OUT);
            lastOut = privateGetter(jsse, owner, TrackingFields.LAST_OUT);
        }
    }

    /** The engine's TransportContext, for paths that only hold the engine (the HttpClient). */
    public Object engineContext(Object engine) {
        return read(engineContext, engine);
    }

    /** The socket's framing watch, or null (framing off, or the socket was not tracked). */
    public Object socketWatch(Object socket) {
        return read(socketWatch, socket);
    }

    /** The engine's framing watch, or null (framing off, or the engine was not tracked). */
    public Object engineWatch(Object engine) {
        return read(engineWatch, engine);
    }

    /** Application-data counters of a socket, or null when its streams were not tracked. */
    public Traffic socketTraffic(Object socket) {
        return traffic(socketIn, read(socketAppInput, socket), socketOut,
                read(socketAppOutput, socket));
    }

    /** Application-data counters of an engine, or null when it was not tracked. */
    public Traffic engineTraffic(Object engine) {
        return traffic(engineTraffic, engine, engineTraffic, engine);
    }

    /** Reads the "in" fields from one object and the "out" fields from another (or the same). */
    private static Traffic traffic(TrafficFields inFields, Object in, TrafficFields outFields,
            Object out) {
        Long created = longValue(inFields.created, in);
        Long bytesIn = longValue(inFields.bytesIn, in);
        Long lastIn = longValue(inFields.lastIn, in);
        Long bytesOut = longValue(outFields.bytesOut, out);
        Long lastOut = longValue(outFields.lastOut, out);
        if (created == null || bytesIn == null || lastIn == null || bytesOut == null
                || lastOut == null) {
            return null;
        }
        return new Traffic(created, bytesIn, lastIn, bytesOut, lastOut);
    }

    private static Long longValue(MethodHandle handle, Object target) {
        Object value = read(handle, target);
        return value instanceof Long ? (Long) value : null;
    }

    public ConnectionState state(Object context) {
        return new ConnectionState(
                (Boolean) read(isNegotiated, context),
                handshakeInProgress(context),
                (Boolean) read(isInputCloseNotified, context),
                (Boolean) read(isInboundClosed, context),
                (Boolean) read(isOutboundClosed, context),
                (Boolean) read(isOutboundDone, context));
    }

    private Boolean handshakeInProgress(Object context) {
        if (handshakeContext == null) {
            return null;
        }
        return read(handshakeContext, context) != null;
    }

    public String role(Object context) {
        Object isClient = read(isClientMode, read(sslConfig, context));
        if (isClient == null) {
            return null;
        }
        return (Boolean) isClient ? "client" : "server";
    }

    /** The protocol being negotiated during a handshake, else the session's. */
    public String protocol(Object context) {
        Object handshake = read(handshakeContext, context);
        if (handshake != null) {
            return (String) read(protocolName, read(negotiatedProtocol, handshake));
        }
        SSLSession session = session(context);
        return session == null ? null : placeholderToNull(session.getProtocol());
    }

    public String cipherSuite(Object context) {
        Object handshake = read(handshakeContext, context);
        if (handshake != null) {
            return (String) read(cipherSuiteName, read(negotiatedCipherSuite, handshake));
        }
        SSLSession session = session(context);
        return session == null ? null : placeholderToNull(session.getCipherSuite());
    }

    /**
     * Whether a socket EOF cut a record. On the application-data path the header is read by
     * {@code bytesInCompletePacket()}, which leaves {@code headerOff} as it was: 1..4 means a cut
     * header. A cut body surfaces as an EOFException thrown from {@code readFully}; an EOF from
     * {@code readHeader} on the {@code decode} path cannot be told apart (the offset is reset).
     */
    public Boolean socketMidRecord(Object context, java.io.EOFException eof) {
        if (eof == null) {
            Object offset = read(socketRecordHeaderOff, read(inputRecord, context));
            return offset == null ? null : (Integer) offset > 0;
        }
        for (StackTraceElement frame : eof.getStackTrace()) {
            if (frame.getClassName().startsWith(PKG)) {
                String method = frame.getMethodName();
                if (method.equals("readFully")) {
                    return Boolean.TRUE;
                }
                if (method.equals("readHeader")) {
                    return null;
                }
            }
        }
        return null;
    }

    private SSLSession session(Object context) {
        Object session = read(conSession, context);
        return session instanceof SSLSession ? (SSLSession) session : null;
    }

    // Before negotiation the session is a placeholder ("NONE", "SSL_NULL_WITH_NULL_NULL").
    private static String placeholderToNull(String value) {
        if (value == null || value.equals("NONE") || value.equals("SSL_NULL_WITH_NULL_NULL")) {
            return null;
        }
        return value;
    }

    private static Object read(MethodHandle handle, Object target) {
        if (handle == null || target == null || !handle.type().parameterType(0).isInstance(target)) {
            return null;
        }
        try {
            return handle.invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }

    private static Class<?> find(MethodHandles.Lookup jsse, String simpleName) {
        try {
            return jsse.findClass(PKG + simpleName);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A getter for a field declared on {@code owner} or a superclass, boxed to Object. */
    private static MethodHandle getter(MethodHandles.Lookup jsse, Class<?> owner, String field) {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(field);
                MethodHandle handle = jsse.unreflectGetter(f);
                return handle.asType(MethodType.methodType(Object.class, c));
            } catch (NoSuchFieldException e) {
                // Try the superclass.
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A getter for a private field of another {@code sun.security.ssl} class. A full-privilege
     * lookup may teleport to any class of its own module ({@code privateLookupIn}), so this needs
     * no opening of the package either.
     */
    private static MethodHandle privateGetter(MethodHandles.Lookup jsse, Class<?> owner,
            String field) {
        if (owner == null) {
            return null;
        }
        try {
            return getter(MethodHandles.privateLookupIn(owner, jsse), owner, field);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle booleanMethod(MethodHandles.Lookup jsse, Class<?> owner,
            String method) {
        if (owner == null) {
            return null;
        }
        try {
            return jsse.findVirtual(owner, method, MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(Object.class, owner));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
