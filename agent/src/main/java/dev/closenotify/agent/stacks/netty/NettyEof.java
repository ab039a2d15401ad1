package dev.closenotify.agent.stacks.netty;

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
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * {@code SslHandler.channelInactive}: the channel is gone. Netty's own state says what the
 * engine's cannot (Netty calls {@code closeOutbound()} right before {@code closeInbound()}):
 * <ul>
 * <li>{@code sslClosePromise} succeeded: close_notify arrived, no event;
 * <li>{@code STATE_OUTBOUND_CLOSED}: the local side closed first (a close, an idle timeout, a
 *     failure), no event, and Netty will not call {@code closeInbound()};
 * <li>handshake started and not done: {@code handshake-eof}; done and failed: no event (the
 *     failure was the news); never started: no event;
 * <li>otherwise {@code truncated}.
 * </ul>
 * Whatever the engine. A SunJSSE engine is claimed first, so its {@code closeInbound} hook stays
 * quiet; one loaded before a live attach is left to that hook. Never throws: channelInactive is
 * Netty's clean-up path.
 */
final class NettyEof extends EofSource {

    /** The events' {@code stack} value: public, extended but never renamed. */
    static final String STACK = "netty";

    private final String prefix;
    private volatile NettyAccess access;

    /** @param prefix the copy's package prefix with dots, {@code io.netty.} or a relocated one */
    NettyEof(String prefix) {
        super(false);
        this.prefix = prefix;
    }

    @Override
    public TruncationEvent onEof(Object handler, Object engineObject, Object context,
            MethodHandles.Lookup lookup, Events events) {
        NettyAccess netty = access(lookup);
        if (netty == null || !(engineObject instanceof SSLEngine)) {
            return null;
        }
        if (!netty.readable()) {
            Console.sayOnce("netty-unreadable:" + prefix, netty.handler.getName()
                    + " does not have the state this agent reads (state, sslClosePromise,"
                    + " handshakePromise); its EOFs are left to the engine's own hook, if any");
            return null;
        }
        long now = System.nanoTime();
        SSLEngine engine = (SSLEngine) engineObject;
        Object inner = netty.unwrap(engine); // The SunJSSE engine inside an ALPN wrapper.
        JsseEngines.Claim claim = JsseEngines.claim(inner);
        if (claim == JsseEngines.Claim.TAKEN || claim == JsseEngines.Claim.UNTRACKED) {
            return null;
        }
        Kind kind = kind(netty, handler);
        if (kind == null) {
            return null;
        }
        Traffic traffic = null;
        Object watch = null;
        if (claim == JsseEngines.Claim.FIRST) {
            JsseAccess jsse = JsseLookup.current();
            traffic = jsse.engineTraffic(inner);
            watch = jsse.engineWatch(inner);
        } else {
            NettyAccess.EngineFields openSsl = netty.openSsl(engine);
            if (openSsl != null) {
                traffic = openSsl.traffic(engine);
                watch = traffic == null ? null : openSsl.watch(engine);
            }
        }
        InetSocketAddress remote = netty.remote(context);
        InetSocketAddress local = netty.local(context);
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

    /** The event's kind from the handler's own state, or null when this close is no event. */
    static Kind kind(NettyAccess netty, Object handler) {
        int state = netty.state(handler);
        Boolean closeNotify = netty.closeNotifyReceived(handler);
        if (state < 0 || closeNotify == null || closeNotify
                || (state & NettyAccess.OUTBOUND_CLOSED) != 0) {
            return null;
        }
        if ((state & NettyAccess.HANDSHAKE_STARTED) == 0) {
            return null;
        }
        Boolean done = netty.handshakeDone(handler);
        if (done == null) {
            return null;
        }
        if (!done) {
            return Kind.HANDSHAKE_EOF;
        }
        return Boolean.TRUE.equals(netty.handshakeSucceeded(handler)) ? Kind.TRUNCATED : null;
    }

    private NettyAccess access(MethodHandles.Lookup lookup) {
        NettyAccess current = access;
        if (current != null && lookup != null && current.handler == lookup.lookupClass()) {
            return current;
        }
        current = NettyAccess.of(lookup, prefix);
        if (current != null) {
            access = current; // Another loader's copy replaces it: only EOFs pay for that.
        }
        return current;
    }
}
