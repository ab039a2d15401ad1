package dev.closenotify.it.libs;

import dev.closenotify.demo.engine.EnginePump;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A hand-driven TLS client ({@link EnginePump}) that records exactly what a real server sends when
 * it closes: a close_notify, or a bare EOF. It never calls {@code closeInbound()}, so it produces no
 * agent events itself.
 */
final class TlsProbe implements AutoCloseable {

    private final Socket socket;
    private final EnginePump tls;

    private TlsProbe(Socket socket, EnginePump tls) {
        this.socket = socket;
        this.tls = tls;
    }

    static TlsProbe connect(int port, String protocol) throws IOException {
        Socket socket = new Socket(TestTls.LOOPBACK, port);
        socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
        SSLEngine engine = TestTls.context().createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(new String[] {protocol});
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        EnginePump tls = new EnginePump(engine, socket);
        if (!tls.handshake()) {
            socket.close();
            throw new IOException("server closed during the handshake");
        }
        return new TlsProbe(socket, tls);
    }

    String protocol() {
        return tls.engine().getSession().getProtocol();
    }

    /** One keep-alive GET; the response must carry Content-Length. Returns the body. */
    String get(String path) throws IOException {
        tls.writeRaw(tls.seal(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        int headEnd = -1;
        int length = -1;
        while (headEnd < 0 || in.size() < headEnd + length) {
            if (tls.receive(EnginePump.Plaintext.into(in)) != EnginePump.Arrival.DATA) {
                throw new IOException("server closed before the whole response: " + in);
            }
            String text = in.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && text.contains("\r\n\r\n")) {
                headEnd = text.indexOf("\r\n\r\n") + 4;
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                if (length < 0) {
                    throw new IOException("no Content-Length: " + text);
                }
            }
        }
        return in.toString(StandardCharsets.ISO_8859_1).substring(headEnd);
    }

    /**
     * Blocks until the server ends the connection and says how: "close_notify+eof" (a close_notify
     * followed by the FIN), "close_notify" (no FIN within the socket timeout), "eof" (bare FIN, no
     * close_notify), or "data" if the server sent something else first.
     */
    String awaitServerClose() throws IOException {
        EnginePump.Arrival first = tls.receive();
        if (first == EnginePump.Arrival.DATA) {
            return "data";
        }
        if (first == EnginePump.Arrival.EOF) {
            return "eof";
        }
        int after = socket.getInputStream().read();
        return after < 0 ? "close_notify+eof" : "close_notify";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
