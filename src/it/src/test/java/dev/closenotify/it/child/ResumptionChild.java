package dev.closenotify.it.child;

import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.Outcome;
import dev.closenotify.demo.Payload;
import dev.closenotify.demo.Scenario;
import dev.closenotify.demo.SocketClient;
import dev.closenotify.demo.TlsMaterial;
import dev.closenotify.demo.TlsVersion;
import dev.closenotify.demo.Transport;
import dev.closenotify.demo.engine.EnginePump;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A child program for the integration tests: for each way the first connection ends (with
 * close_notify, or truncated by a bare FIN), each transport and each TLS version, connects twice
 * with the same SSLContext to a fresh peer and prints whether the second connection resumed the
 * first one's session, next to everything the application saw. One line per pair:
 *
 * <pre>RESUMPTION ending=.. transport=.. tls=.. sameId=.. sameCreation=.. secondProtocol=..
 *     first=&lt;outcome&gt; second=&lt;outcome&gt;</pre>
 *
 * <p>With the argument {@code invalidate} it invalidates the first session before reconnecting,
 * as an agent that disturbed JSSE's session handling might: the tests' positive control.
 */
public final class ResumptionChild {

    /** The demo scenarios of the two endings: the peer's behaviour, the client reads until -1. */
    private static final Scenario[] ENDINGS = {
        Scenario.CLOSE_NOTIFY_WITH_FIN, Scenario.TRUNCATE_FIN
    };
    private static final int APP_BYTES = 1000;

    private record Connection(SSLSession session, Outcome outcome) {
    }

    private ResumptionChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean invalidate = args.length > 0 && args[0].equals("invalidate");
        SSLContext context = TlsMaterial.context();
        for (Scenario ending : ENDINGS) {
            for (Transport transport : Transport.values()) {
                for (TlsVersion version : TlsVersion.values()) {
                    // A fresh peer per pair: a new port, so the client's session cache (keyed by
                    // host and port) holds nothing for it before the first connection.
                    try (EnginePeer peer = EnginePeer.start(context)) {
                        Connection first = connect(context, peer, ending, transport, version);
                        if (invalidate) {
                            first.session().invalidate();
                        }
                        Connection second = connect(context, peer, ending, transport, version);
                        System.out.println("RESUMPTION ending=" + ending.name().toLowerCase()
                                + " transport=" + transport.id() + " tls=" + version.id()
                                + " sameId=" + Arrays.equals(first.session().getId(),
                                        second.session().getId())
                                + " sameCreation=" + (first.session().getCreationTime()
                                        == second.session().getCreationTime())
                                + " secondProtocol=" + second.session().getProtocol()
                                + " first=" + describe(first.outcome())
                                + " second=" + describe(second.outcome())
                                + " ids=" + hex(first.session()) + "," + hex(second.session()));
                    }
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static Connection connect(SSLContext context, EnginePeer peer, Scenario ending,
            Transport transport, TlsVersion version) throws Exception {
        CompletableFuture<Void> served = peer.expect(ending.behaviour(), APP_BYTES);
        Connection connection = transport == Transport.SOCKET
                ? viaSocket(context, peer.port(), version, ending)
                : viaEngine(context, peer.port(), version);
        served.get(EnginePeer.TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        return connection;
    }

    /** As the demo's socket client does: {@link SocketClient#converse} after the handshake. */
    private static Connection viaSocket(SSLContext context, int port, TlsVersion version,
            Scenario ending) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            TlsMaterial.configureClient(socket, version);
            socket.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            socket.startHandshake();
            SSLSession session = socket.getSession();
            return new Connection(session, SocketClient.converse(socket, ending, APP_BYTES));
        }
    }

    /** As Netty's SslHandler does: closeInbound() at transport EOF, close_notify back on CLOSED. */
    private static Connection viaEngine(SSLContext context, int port, TlsVersion version)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            EnginePump tls = new EnginePump(
                    TlsMaterial.clientEngine(context, "localhost", port, version), socket);
            if (!tls.handshake()) {
                throw new IOException("the peer ended the handshake");
            }
            SSLSession session = tls.engine().getSession();
            try {
                tls.send(Payload.request());
                while (true) {
                    switch (tls.receive()) {
                        case DATA -> {
                            // keep reading
                        }
                        case CLOSE_NOTIFY -> {
                            tls.writeRaw(tls.sealCloseNotify());
                            return new Connection(session, Outcome.clean(tls.appBytes(), "close_notify"));
                        }
                        case EOF -> {
                            try {
                                tls.engine().closeInbound();
                                return new Connection(session, Outcome.clean(tls.appBytes(), "-1"));
                            } catch (SSLException e) {
                                return new Connection(session, Outcome.failed(tls.appBytes(), e));
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            } catch (IOException e) {
                return new Connection(session, Outcome.failed(tls.appBytes(), e));
            }
        }
    }

    /** What the application saw, without spaces: bytes, then how it ended. */
    private static String describe(Outcome outcome) {
        return outcome.bytes() + ":" + (outcome.endedByException() ? outcome.exceptionClass()
                : outcome.cleanEnd());
    }

    private static String hex(SSLSession session) {
        byte[] id = session.getId();
        return id.length == 0 ? "-" : HexFormat.of().formatHex(id).substring(0, 8);
    }
}
