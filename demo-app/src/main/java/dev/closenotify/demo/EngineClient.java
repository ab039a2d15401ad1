package dev.closenotify.demo;

import dev.closenotify.demo.engine.EnginePump;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The same conversation over a client-mode SSLEngine, handled the way Netty's SslHandler does:
 * at transport EOF it calls {@code closeInbound()}, which is where the JDK notices (and the agent
 * sees) that no close_notify arrived.
 */
public final class EngineClient {

    private final SSLContext context;

    public EngineClient(SSLContext context) {
        this.context = context;
    }

    public Outcome run(Scenario scenario, TlsVersion version, int port, int appBytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            SSLEngine engine = TlsMaterial.clientEngine(context, TlsMaterial.enginePeerHost(), port, version);
            EnginePump tls = new EnginePump(engine, socket);
            Payload.Scanner scanner = Payload.scanner();
            try {
                return converse(tls, Payload.sink(scanner), scenario, appBytes);
            } finally {
                Payload.clientDone(scanner);
            }
        }
    }

    private static Outcome converse(EnginePump tls, EnginePump.Plaintext sink, Scenario scenario, int appBytes) {
        try {
            if (!tls.handshake()) {
                return atTransportEof(tls);
            }
            tls.send(Payload.request(scenario));
            boolean closeFirst = scenario.behaviour() == PeerBehaviour.LOCAL_CLOSE_FIRST;
            while (true) {
                if (closeFirst && tls.appBytes() >= appBytes) {
                    tls.writeRaw(tls.sealCloseNotify());
                    closeFirst = false;
                }
                switch (tls.receive(sink)) {
                    case DATA -> {
                        // keep counting
                    }
                    case CLOSE_NOTIFY -> {
                        return afterCloseNotify(tls, scenario);
                    }
                    case EOF -> {
                        return atTransportEof(tls);
                    }
                    default -> throw new IllegalStateException();
                }
            }
        } catch (IOException e) {
            return Outcome.failed(tls.appBytes(), e);
        }
    }

    private static Outcome afterCloseNotify(EnginePump tls, Scenario scenario) throws IOException {
        // TLS 1.3 leaves our outbound open after the peer's close_notify; TLS 1.2 has closed it.
        if (scenario == Scenario.TLS13_HALF_CLOSE && !tls.engine().isOutboundDone()) {
            tls.send(SocketClient.BYE);
        }
        // Our own close_notify (for TLS 1.2 the one the engine queued in reply).
        tls.writeRaw(tls.sealCloseNotify());
        return Outcome.clean(tls.appBytes(), "close_notify");
    }

    private static Outcome atTransportEof(EnginePump tls) {
        try {
            tls.engine().closeInbound();
            return Outcome.clean(tls.appBytes(), "-1");
        } catch (SSLException e) {
            return Outcome.failed(tls.appBytes(), e);
        }
    }
}
