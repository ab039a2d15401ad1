package dev.closenotify.agent.stacks.bcjsse;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.stacks.spi.Peer;
import dev.closenotify.agent.stacks.spi.Sessions;
import dev.closenotify.agent.util.Console;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A {@code TlsProtocol} met the transport EOF (see {@link BcStack}). Its own state says what:
 * <ul>
 * <li>{@code closed}: close_notify arrived, or either side had closed or failed already: no
 *     event (BouncyCastle has no half-closed state: its close ends both directions);
 * <li>the protocol serves no BCJSSE socket or engine (BouncyCastle's own TLS API): no event;
 * <li>the claim field was set already: no event;
 * <li>the handshake had not completed ({@code appDataReady} false): {@code handshake-eof};
 * <li>otherwise {@code truncated}; on a socket, {@code midRecord=false} (no byte of a next
 *     record had arrived: an EOF inside a record is BouncyCastle's own {@code EOFException}).
 * </ul>
 * BCJSSE tracks no byte counts for the agent: {@code exchange} and {@code harm} say unknown.
 * Never throws: BouncyCastle already throws its {@code TlsNoCloseNotifyException} by default, and
 * an exception in the middle of its record loop would raise an alert of its own.
 */
final class ProtocolEof extends EofSource {

    /** The events' {@code stack} value: public, extended but never renamed. */
    static final String STACK = "bcjsse";

    private volatile ProtocolAccess access;

    ProtocolEof() {
        super(false);
    }

    @Override
    public TruncationEvent onStreamEnd(Object protocol, Events events) {
        ProtocolAccess bc = access(protocol);
        if (bc == null || bc.closed(protocol)) {
            return null;
        }
        long now = System.nanoTime();
        Object manager = bc.manager(protocol);
        if (!(manager instanceof SSLSocket) && !(manager instanceof SSLEngine)) {
            return null;
        }
        if (Boolean.FALSE.equals(bc.claim(protocol))) {
            return null;
        }
        Kind kind = bc.handshakeDone(protocol) ? Kind.TRUNCATED : Kind.HANDSHAKE_EOF;
        Peer peer;
        int localPort = -1;
        Transport transport;
        Boolean midRecord = null;
        if (manager instanceof SSLSocket) {
            // Socket methods that take no lock of BCJSSE's (its getters are synchronized).
            SSLSocket socket = (SSLSocket) manager;
            transport = Transport.SOCKET;
            peer = Peer.of(Handles.inet(socket.getRemoteSocketAddress()), null, -1);
            localPort = socket.getLocalPort();
            midRecord = Boolean.FALSE;
        } else {
            SSLEngine engine = (SSLEngine) manager;
            transport = Transport.ENGINE;
            peer = Peer.of(null, engine.getPeerHost(), engine.getPeerPort());
        }
        Object exported = kind == Kind.HANDSHAKE_EOF ? null : bc.session(manager);
        SSLSession session = exported instanceof SSLSession ? (SSLSession) exported : null;
        String protocolName = session == null ? null : Sessions.protocol(session);
        String cipher = session == null ? null : Sessions.cipherSuite(session);
        String role = ProtocolAccess.client(protocol) ? "client" : "server";
        return events.event(kind, transport, STACK, role, peer.host(), peer.address(),
                peer.port(), localPort, protocolName, cipher, midRecord, null, null, now);
    }

    private ProtocolAccess access(Object protocol) {
        ProtocolAccess current = access;
        if (current != null && current.owner.isInstance(protocol)) {
            return current;
        }
        current = ProtocolAccess.of(protocol);
        if (current == null) {
            return null;
        }
        String missing = current.missing();
        if (missing != null) {
            Console.sayOnce("bcjsse-unreadable", current.owner.getName() + " has no " + missing
                    + "; BouncyCastle JSSE truncation is not detected there");
            return null;
        }
        access = current;
        return current;
    }
}
