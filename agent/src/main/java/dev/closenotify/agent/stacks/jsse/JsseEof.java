package dev.closenotify.agent.stacks.jsse;

import dev.closenotify.agent.detect.Classifier;
import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * The source of SunJSSE's two EOF hooks. The woven call hands over the socket or engine, its
 * {@code TransportContext} and a lookup made inside {@code sun.security.ssl}, which reads the
 * rest ({@link JsseAccess}); without a trusted lookup there is no event.
 * <ul>
 * <li>{@code SSLSocketImpl.handleEOF} is reached only when a transport EOF came without
 *     close_notify, so every call is an event; the read may fail under {@code throw}.
 * <li>{@code SSLEngineImpl.closeInbound} is an event only when the JDK's own condition for its
 *     exception holds. The JDK throws its own SSLException from closeInbound() whatever the
 *     policy; libraries filter on its text, so the agent never adds an exception there.
 * </ul>
 */
final class JsseEof extends EofSource {

    /** The events' {@code stack} values: public, extended but never renamed. */
    static final String SOCKET_STACK = "jsse-socket";
    static final String ENGINE_STACK = "jsse-engine";

    private final Transport transport;

    JsseEof(Transport transport) {
        super(transport == Transport.SOCKET);
        this.transport = transport;
    }

    @Override
    public TruncationEvent onEof(Object connection, Object context, Object cause,
            MethodHandles.Lookup lookup, Events events) {
        JsseAccess jsse = JsseLookup.offer(lookup);
        if (jsse == null) {
            return null;
        }
        long now = System.nanoTime();
        if (transport == Transport.SOCKET) {
            EOFException eof = cause instanceof EOFException ? (EOFException) cause : null;
            return socketEvent(Classifier.socketEof(jsse.state(context)), jsse, connection,
                    context, eof, now, events);
        }
        Kind kind = Classifier.engineCloseInbound(jsse.state(context));
        if (kind == null || JsseEngines.claim(connection) == JsseEngines.Claim.TAKEN) {
            return null; // No event, or a library's hook took this EOF first.
        }
        return engineEvent(kind, jsse, connection, context, now, events);
    }

    /**
     * The lookup each new engine offers at construction (see {@code JsseStack.ENGINE}); taken by
     * the engine's source only, since a socket hands its own lookup over with each EOF.
     */
    @Override
    public boolean acceptLookup(MethodHandles.Lookup lookup) {
        return transport == Transport.ENGINE && JsseLookup.offer(lookup) != null;
    }

    private static TruncationEvent socketEvent(Kind kind, JsseAccess jsse, Object socket,
            Object context, EOFException eof, long now, Events events) {
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
        // The watch only when both streams were woven (the traffic reads both): a watch that
        // one stream never fed would judge half the exchange, e.g. none for a cut response.
        Traffic traffic = jsse.socketTraffic(socket);
        return events.event(kind, Transport.SOCKET, SOCKET_STACK, jsse.role(context), host,
                address, port == 0 ? -1 : port, localPort, jsse.protocol(context),
                jsse.cipherSuite(context), jsse.socketMidRecord(context, eof), traffic,
                traffic == null ? null : jsse.socketWatch(socket), now);
    }

    // The engine never sees the transport, so it cannot know whether a record was cut.
    private static TruncationEvent engineEvent(Kind kind, JsseAccess jsse, Object engine,
            Object context, long now, Events events) {
        SSLEngine ssl = engine instanceof SSLEngine ? (SSLEngine) engine : null;
        return events.event(kind, Transport.ENGINE, ENGINE_STACK, jsse.role(context),
                ssl == null ? null : ssl.getPeerHost(), null,
                ssl == null ? -1 : ssl.getPeerPort(), -1, jsse.protocol(context),
                jsse.cipherSuite(context), null, jsse.engineTraffic(engine),
                jsse.engineWatch(engine), now);
    }
}
