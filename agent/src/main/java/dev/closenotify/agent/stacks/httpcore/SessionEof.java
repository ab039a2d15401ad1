package dev.closenotify.agent.stacks.httpcore;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.stacks.jsse.JsseAccess;
import dev.closenotify.agent.stacks.jsse.JsseLookup;
import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.stacks.spi.Peer;
import dev.closenotify.agent.stacks.spi.Sessions;
import dev.closenotify.agent.util.Console;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;

/**
 * An {@code SSLIOSession} hands the end of stream to the HTTP layer. The session's own state
 * says what happened, read before the layer reacts:
 * <ul>
 * <li>the engine's inbound is done: close_notify (or a fatal alert) arrived, no event (HttpCore
 *     never calls {@code closeInbound()}, so only the peer can have ended it);
 * <li>the claim field was set already: this end was judged before, no event;
 * <li>5.x: the handshake had begun and not completed: {@code handshake-eof};
 * <li>the application had closed the session ({@code appClosed} in 5.x, {@code terminated} in
 *     4.4): {@code after-local-close};
 * <li>otherwise {@code truncated}.
 * </ul>
 * Under {@code throw} the agent's exception is raised on the data path, where the session would
 * hand over the end: the HTTP exchange fails instead of completing a cut body.
 */
final class SessionEof extends EofSource {

    /** The events' {@code stack} values: public, extended but never renamed. */
    static final String STACK5 = "httpcore5";
    static final String STACK4 = "httpcore4";

    private final String stack;
    private final String className;
    private final String localCloseField;
    private volatile SessionAccess access;

    private SessionEof(String stack, String className, String localCloseField) {
        super(true);
        this.stack = stack;
        this.className = className;
        this.localCloseField = localCloseField;
    }

    /** 5.x: {@code close(CloseMode)} sets {@code appClosed}. */
    static SessionEof httpCore5() {
        return new SessionEof(STACK5, HttpCoreTargets.SESSION5.replace('/', '.'), "appClosed");
    }

    /**
     * 4.4: {@code close()} sets {@code terminated}; its {@code status} also leaves ACTIVE when
     * the session itself sees the end of stream, so it cannot tell who closed.
     */
    static SessionEof httpCore4() {
        return new SessionEof(STACK4, HttpCoreTargets.SESSION4.replace('/', '.'), "terminated");
    }

    @Override
    public TruncationEvent onStreamEnd(Object session, Events events) {
        SessionAccess fields = access(session);
        if (fields == null) {
            return null;
        }
        long now = System.nanoTime();
        SSLEngine engine = fields.engine(session);
        if (engine == null || engine.isInboundDone()) {
            return null;
        }
        if (!Boolean.TRUE.equals(fields.claim(session))) {
            return null;
        }
        Kind kind = kind(fields, session, engine);
        if (kind == null) {
            return null;
        }
        JsseAccess jsse = JsseLookup.current();
        Traffic traffic = jsse == null ? null : jsse.engineTraffic(engine);
        Object watch = traffic == null ? null : jsse.engineWatch(engine);
        Peer peer = Peer.of(Handles.inet(fields.remoteAddress(session)), engine.getPeerHost(),
                engine.getPeerPort());
        InetSocketAddress local = Handles.inet(fields.localAddress(session));
        String protocol = null;
        String cipher = null;
        if (kind != Kind.HANDSHAKE_EOF) {
            SSLSession tls = engine.getSession();
            protocol = tls == null ? null : Sessions.protocol(tls);
            cipher = tls == null ? null : Sessions.cipherSuite(tls);
        }
        return events.event(kind, Transport.ENGINE, stack,
                engine.getUseClientMode() ? "client" : "server", peer.host(), peer.address(), peer.port(),
                local == null ? -1 : local.getPort(), protocol, cipher, null, traffic, watch, now);
    }

    /**
     * 5.x keeps its handshake state; 4.4 has none, so the engine's handshake status tells there
     * (SunJSSE's own state where the agent can read it).
     */
    private static Kind kind(SessionAccess fields, Object session, SSLEngine engine) {
        String handshake = fields.handshakeState(session);
        if ("READY".equals(handshake)) {
            return null; // Never began: nothing to cut.
        }
        boolean handshaking = handshake != null ? !"COMPLETE".equals(handshake)
                : handshaking(engine);
        if (handshaking) {
            return Kind.HANDSHAKE_EOF;
        }
        return Boolean.TRUE.equals(fields.locallyClosed(session)) ? Kind.AFTER_LOCAL_CLOSE
                : Kind.TRUNCATED;
    }

    private static boolean handshaking(SSLEngine engine) {
        JsseAccess jsse = JsseLookup.current();
        Object context = jsse == null ? null : jsse.engineContext(engine);
        if (context != null) {
            return Boolean.TRUE.equals(jsse.state(context).handshaking());
        }
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    private SessionAccess access(Object session) {
        SessionAccess current = access;
        if (current != null && current.owner.isInstance(session)) {
            return current;
        }
        current = SessionAccess.of(session, className, localCloseField);
        if (current == null) {
            return null;
        }
        String missing = current.missing();
        if (missing != null) {
            Console.sayOnce("httpcore-unreadable:" + className, className + " has no " + missing
                    + "; " + stack + " truncation is not detected there");
            return null;
        }
        access = current;
        return current;
    }
}
