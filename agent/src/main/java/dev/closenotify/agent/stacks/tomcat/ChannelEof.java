package dev.closenotify.agent.stacks.tomcat;

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
import dev.closenotify.agent.util.Console;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * A network read of Tomcat's {@code SecureNioChannel} gave -1 (see {@link TomcatStack}). The
 * channel's own state says what it was:
 * <ul>
 * <li>no engine yet ({@code processSNI}): {@code handshake-eof} if the client had sent part of its
 *     ClientHello, no event if it left without a byte (a port check);
 * <li>the engine's inbound is done: close_notify arrived, no event;
 * <li>this connection's EOF was judged already (the claim field), or another hook took the
 *     engine: no event;
 * <li>the handshake had not completed: {@code handshake-eof};
 * <li>Tomcat had begun closing: {@code after-local-close};
 * <li>otherwise {@code truncated}.
 * </ul>
 * Never throws: a request is never close-delimited, so Tomcat's own parser fails a cut one, and
 * the handshake and close paths are Tomcat's to end.
 */
final class ChannelEof extends EofSource {

    /** The events' {@code stack} value: public, extended but never renamed. */
    static final String STACK = "tomcat";

    private volatile ChannelAccess access;

    ChannelEof() {
        super(false);
    }

    @Override
    public TruncationEvent onStreamEnd(Object channel, Events events) {
        ChannelAccess tomcat = access(channel);
        if (tomcat == null) {
            return null;
        }
        long now = System.nanoTime();
        SSLEngine engine = tomcat.engine(channel);
        Kind kind;
        Traffic traffic = null;
        Object watch = null;
        if (engine == null) {
            if (tomcat.heldBytes(channel) <= 0 || Boolean.FALSE.equals(tomcat.claim(channel))) {
                return null;
            }
            kind = Kind.HANDSHAKE_EOF;
        } else {
            if (engine.isInboundDone() || Boolean.FALSE.equals(tomcat.claim(channel))) {
                return null;
            }
            JsseEngines.Claim claim = JsseEngines.claim(engine);
            if (claim == JsseEngines.Claim.TAKEN) {
                return null;
            }
            if (claim == JsseEngines.Claim.FIRST) {
                JsseAccess jsse = JsseLookup.current();
                traffic = jsse.engineTraffic(engine);
                watch = jsse.engineWatch(engine);
            }
            kind = !tomcat.handshakeComplete(channel) ? Kind.HANDSHAKE_EOF
                    : tomcat.closing(channel) ? Kind.AFTER_LOCAL_CLOSE
                    : Kind.TRUNCATED;
        }
        Peer peer = Peer.of(tomcat.remote(channel), null, -1);
        InetSocketAddress local = tomcat.local(channel);
        String protocol = null;
        String cipher = null;
        if (kind != Kind.HANDSHAKE_EOF) {
            SSLSession session = engine.getSession();
            protocol = session == null ? null : Sessions.protocol(session);
            cipher = session == null ? null : Sessions.cipherSuite(session);
        }
        String role = engine == null || !engine.getUseClientMode() ? "server" : "client";
        return events.event(kind, Transport.ENGINE, STACK, role, peer.host(), peer.address(), peer.port(),
                local == null ? -1 : local.getPort(), protocol, cipher, null, traffic, watch, now);
    }

    private ChannelAccess access(Object channel) {
        ChannelAccess current = access;
        if (current != null && current.owner.isInstance(channel)) {
            return current;
        }
        current = ChannelAccess.of(channel);
        if (current == null) {
            return null;
        }
        String missing = current.missing();
        if (missing != null) {
            Console.sayOnce("tomcat-unreadable", current.owner.getName() + " has no " + missing
                    + "; tomcat truncation is not detected there");
            return null;
        }
        access = current;
        return current;
    }
}
