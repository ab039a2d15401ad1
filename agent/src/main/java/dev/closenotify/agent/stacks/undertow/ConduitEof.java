package dev.closenotify.agent.stacks.undertow;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.stacks.jsse.JsseAccess;
import dev.closenotify.agent.stacks.jsse.JsseEngines;
import dev.closenotify.agent.stacks.jsse.JsseLookup;
import dev.closenotify.agent.stacks.spi.Peer;
import dev.closenotify.agent.stacks.spi.Sessions;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * The two Undertow calls (see {@link UndertowStack}). Both claim the SunJSSE engine inside the
 * conduit first; only the EOF in {@code doUnwrap} can be an event:
 * <ul>
 * <li>the engine's inbound is done: close_notify arrived, no event;
 * <li>the conduit's reads were shut down or it was closed ({@code FLAG_READ_SHUTDOWN},
 *     {@code FLAG_CLOSED}): Undertow's own close, no event;
 * <li>the handshake was under way: {@code handshake-eof};
 * <li>Undertow had closed its write side ({@code FLAG_WRITE_CLOSED}, close_notify sent):
 *     {@code after-local-close};
 * <li>otherwise {@code truncated}.
 * </ul>
 * Never throws: an exception in the middle of {@code doUnwrap} would leave the conduit's read
 * state half updated.
 */
final class ConduitEof extends EofSource {

    /** The events' {@code stack} value: public, extended but never renamed. */
    static final String STACK = "undertow";

    private final boolean eof;
    private volatile ConduitAccess access;

    /** @param eof true for the doUnwrap EOF, false for the claim at notifyReadClosed */
    ConduitEof(boolean eof) {
        super(false);
        this.eof = eof;
    }

    @Override
    public TruncationEvent onEof(Object conduit, Object engineObject, Object unused,
            MethodHandles.Lookup lookup, Events events) {
        ConduitAccess undertow = access(lookup);
        if (undertow == null || !(engineObject instanceof SSLEngine)) {
            return null;
        }
        int state = undertow.state(conduit);
        if (state < 0 || (state & ConduitAccess.READ_CLOSED) != 0) {
            return null; // Unreadable, or notifyReadClosed returns at once.
        }
        long now = System.nanoTime();
        SSLEngine engine = (SSLEngine) engineObject;
        Object inner = undertow.unwrap(engine);
        JsseEngines.Claim claim = JsseEngines.claim(inner);
        if (!eof || claim == JsseEngines.Claim.TAKEN || claim == JsseEngines.Claim.UNTRACKED
                || engine.isInboundDone()
                || (state & (ConduitAccess.READ_SHUTDOWN | ConduitAccess.CLOSED)) != 0) {
            return null;
        }
        Kind kind;
        if ((state & ConduitAccess.IN_HANDSHAKE) != 0 || handshaking(inner, engine)) {
            kind = Kind.HANDSHAKE_EOF;
        } else if ((state & ConduitAccess.WRITE_CLOSED) != 0) {
            kind = Kind.AFTER_LOCAL_CLOSE;
        } else {
            kind = Kind.TRUNCATED;
        }
        Traffic traffic = null;
        Object watch = null;
        if (claim == JsseEngines.Claim.FIRST) {
            JsseAccess jsse = JsseLookup.current();
            traffic = jsse.engineTraffic(inner);
            watch = jsse.engineWatch(inner);
        }
        InetSocketAddress remote = undertow.remote(conduit);
        InetSocketAddress local = undertow.local(conduit);
        Peer peer = Peer.of(remote, engine.getPeerHost(), engine.getPeerPort());
        String protocol = null;
        String cipher = null;
        if (kind != Kind.HANDSHAKE_EOF) {
            SSLSession session = engine.getSession();
            protocol = session == null ? null : Sessions.protocol(session);
            cipher = session == null ? null : Sessions.cipherSuite(session);
        }
        return events.event(kind, Transport.ENGINE, STACK,
                engine.getUseClientMode() ? "client" : "server", peer.host(), peer.address(), peer.port(),
                local == null ? -1 : local.getPort(), protocol, cipher, null, traffic, watch, now);
    }

    private static boolean handshaking(Object inner, SSLEngine engine) {
        JsseAccess jsse = JsseLookup.current();
        Object context = jsse == null ? null : jsse.engineContext(inner);
        if (context != null) {
            return Boolean.TRUE.equals(jsse.state(context).handshaking());
        }
        javax.net.ssl.SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status != javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && status != javax.net.ssl.SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private ConduitAccess access(MethodHandles.Lookup lookup) {
        ConduitAccess current = access;
        if (current != null && lookup != null && current.conduit == lookup.lookupClass()) {
            return current;
        }
        current = ConduitAccess.of(lookup);
        if (current != null) {
            access = current;
        }
        return current;
    }
}
