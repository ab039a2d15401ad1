package dev.closenotify.agent.event;

import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSocket;

/**
 * Builds {@link TruncationEvent}s from the objects the woven JDK code hands over. Peer details
 * come from the public {@code SSLSocket}/{@code SSLEngine} API (never a DNS lookup); JSSE
 * internals come through {@link JsseAccess}, resolved once from the first trusted lookup.
 */
final class EventReader {

    private final long idleNanos;
    private volatile JsseAccess access;

    EventReader(long idleMs) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    /**
     * Accepts a lookup only if it was created inside {@code sun.security.ssl} with private access:
     * only JSSE code (our inlined advice) can make one, so no caller can plant a bogus one. It is
     * resolved into {@link JsseAccess} at once and never kept: a full-privilege lookup of
     * java.base in a field of the agent could be taken by reflection by any class-path code.
     */
    JsseAccess offer(MethodHandles.Lookup jsse) {
        JsseAccess current = access;
        if (current == null && jsse != null
                && jsse.lookupClass().getName().startsWith("sun.security.ssl.")
                && (jsse.lookupModes() & MethodHandles.Lookup.PRIVATE) != 0) {
            // Racing first events may both resolve; the handles are equivalent, either may win.
            current = new JsseAccess(jsse);
            access = current;
        }
        return current;
    }

    TruncationEvent socketEvent(Kind kind, Object socket, Object context, EOFException eof,
            JsseAccess jsse, boolean withCallSite) {
        long now = System.nanoTime();
        String host = null;
        String address = null;
        int port = -1;
        int localPort = -1;
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            InetAddress inet = ssl.getInetAddress();
            if (inet != null) {
                // toString() is "name/literal" or "/literal" and never resolves anything.
                String text = inet.toString();
                int slash = text.indexOf('/');
                address = text.substring(slash + 1);
                host = slash > 0 ? text.substring(0, slash) : address;
            }
            port = ssl.getPort();
            localPort = ssl.getLocalPort();
        }
        return event(kind, Transport.SOCKET, jsse.role(context), host, address, port == 0 ? -1 : port,
                localPort, jsse.protocol(context), jsse.cipherSuite(context),
                jsse.socketMidRecord(context, eof), jsse.socketTraffic(socket), now, withCallSite);
    }

    TruncationEvent engineEvent(Kind kind, Object engine, Object context, JsseAccess jsse,
            boolean withCallSite) {
        long now = System.nanoTime();
        SSLEngine ssl = engine instanceof SSLEngine ? (SSLEngine) engine : null;
        // The engine never sees the transport, so it cannot know whether a record was cut.
        return event(kind, Transport.ENGINE, jsse.role(context),
                ssl == null ? null : ssl.getPeerHost(), null, ssl == null ? -1 : ssl.getPeerPort(),
                -1, jsse.protocol(context), jsse.cipherSuite(context), null,
                jsse.engineTraffic(engine), now, withCallSite);
    }

    /**
     * The HttpClient's reader saw the transport end while its engine had no close_notify. JSSE
     * internals are used when a lookup has been offered, else the public engine API.
     */
    TruncationEvent httpClientEvent(SSLEngine engine, boolean withCallSite) {
        long now = System.nanoTime();
        JsseAccess jsse = access;
        Object context = jsse == null ? null : jsse.engineContext(engine);
        Kind kind;
        String role;
        String protocol;
        String cipher;
        Traffic traffic = null;
        if (context != null) {
            kind = Classifier.engineEof(jsse.state(context));
            role = jsse.role(context);
            protocol = jsse.protocol(context);
            cipher = jsse.cipherSuite(context);
            traffic = jsse.engineTraffic(engine);
        } else {
            HandshakeStatus status = engine.getHandshakeStatus();
            boolean handshaking = status != HandshakeStatus.NOT_HANDSHAKING
                    && status != HandshakeStatus.FINISHED;
            kind = handshaking ? Kind.HANDSHAKE_EOF
                    : engine.isOutboundDone() ? Kind.AFTER_LOCAL_CLOSE : Kind.TRUNCATED;
            role = engine.getUseClientMode() ? "client" : "server";
            protocol = engine.getSession().getProtocol();
            cipher = engine.getSession().getCipherSuite();
        }
        return event(kind, Transport.ENGINE, role, engine.getPeerHost(), null, engine.getPeerPort(),
                -1, protocol, cipher, null, traffic, now, withCallSite);
    }

    private TruncationEvent event(Kind kind, Transport transport, String role, String host,
            String address, int port, int localPort, String protocol, String cipher,
            Boolean midRecord, Traffic traffic, long now, boolean withCallSite) {
        Exchange exchange = traffic == null ? Exchange.UNKNOWN : traffic.exchange(now, idleNanos);
        long bytesIn = traffic == null ? -1 : traffic.bytesIn();
        long bytesOut = traffic == null ? -1 : traffic.bytesOut();
        long quietMs = traffic == null ? -1 : TimeUnit.NANOSECONDS.toMillis(traffic.quietNanos(now));
        long ageMs = traffic == null ? -1 : TimeUnit.NANOSECONDS.toMillis(traffic.ageNanos(now));
        return new TruncationEvent(kind, transport, role, host, address, port, localPort, protocol,
                cipher, midRecord, exchange, bytesIn, bytesOut, quietMs, ageMs,
                withCallSite ? CallSite.find() : null);
    }
}
