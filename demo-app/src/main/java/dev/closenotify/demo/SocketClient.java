package dev.closenotify.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain SSLSocket client written the way applications usually are: read until -1. What it
 * records is exactly what such an application can know about how the response ended.
 */
public final class SocketClient {

    static final byte[] BYE = "BYE\n".getBytes(StandardCharsets.US_ASCII);

    private final SSLSocketFactory factory;

    public SocketClient(SSLContext context) {
        this.factory = context.getSocketFactory();
    }

    public Outcome run(Scenario scenario, TlsVersion version, int port, int appBytes) throws IOException {
        if (scenario == Scenario.LAYERED_CLOSE) {
            return layered(version, port, appBytes);
        }
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            TlsMaterial.configureClient(socket, version);
            socket.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            return converse(socket, scenario, appBytes);
        }
    }

    /**
     * Sends the request on a connected socket and reads the response as the scenario's client
     * does: until -1, or for layered-close exactly the response, then close(). The outcome is all
     * the application learns.
     */
    public static Outcome converse(SSLSocket socket, Scenario scenario, int appBytes) {
        Payload.Scanner scanner = Payload.scanner();
        try {
            return converse(socket, scenario, appBytes, scanner);
        } finally {
            Payload.clientDone(scanner);
        }
    }

    private static Outcome converse(SSLSocket socket, Scenario scenario, int appBytes,
            Payload.Scanner scanner) {
        long bytes = 0;
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // The first write runs the handshake, so a handshake EOF surfaces here.
            out.write(Payload.request(scenario));
            out.flush();
            if (scenario == Scenario.LAYERED_CLOSE) {
                return layered(socket, in, appBytes, scanner);
            }
            boolean closeFirst = scenario.behaviour() == PeerBehaviour.LOCAL_CLOSE_FIRST;
            byte[] buf = new byte[8192];
            while (true) {
                if (closeFirst && bytes >= appBytes) {
                    // SSLSocket.shutdownOutput() sends our close_notify; then read on, as an
                    // application waiting for the server's answer would.
                    socket.shutdownOutput();
                    closeFirst = false;
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (scanner != null) {
                    scanner.feed(buf, 0, n);
                }
                bytes += n;
            }
            if (scenario == Scenario.TLS13_HALF_CLOSE) {
                // After the peer's close_notify TLS 1.3 still lets us write: prove it.
                out.write(BYE);
                out.flush();
            }
            return Outcome.clean(bytes, "-1");
        } catch (IOException e) {
            if (scenario == Scenario.LAYERED_CLOSE) {
                closeQuietly(socket);
            }
            return Outcome.failed(bytes, e);
        }
    }

    /**
     * TLS over a socket the application keeps owning (autoClose=false), as STARTTLS-style code
     * does. Closing such an SSLSocket makes the JDK wait for the peer's close_notify so the raw
     * socket is left in a defined state; this peer answers with a bare FIN instead.
     */
    private Outcome layered(TlsVersion version, int port, int appBytes) throws IOException {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            raw.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) factory.createSocket(raw, "localhost", port, false);
            TlsMaterial.configureClient(socket, version);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            return converse(socket, Scenario.LAYERED_CLOSE, appBytes);
        }
    }

    /** After the request, on a layered SSLSocket: the response, then close() of the SSLSocket. */
    private static Outcome layered(SSLSocket socket, InputStream in, int appBytes, Payload.Scanner scanner) {
        long bytes = 0;
        try {
            byte[] buf = new byte[8192];
            // Read exactly the response and no further: the peer sends nothing more until we close.
            while (bytes < appBytes) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, appBytes - bytes));
                if (n < 0) {
                    closeQuietly(socket);
                    return Outcome.clean(bytes, "-1");
                }
                if (scanner != null) {
                    scanner.feed(buf, 0, n);
                }
                bytes += n;
            }
        } catch (IOException e) {
            closeQuietly(socket);
            return Outcome.failed(bytes, e);
        }
        try {
            socket.close();
            return Outcome.clean(bytes, "close() returned");
        } catch (IOException e) {
            return Outcome.failed(bytes, e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the outcome is already decided
        }
    }
}
