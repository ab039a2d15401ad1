package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * A raw TCP client for the server stacks' handshake cases: it sends all or part of a real
 * ClientHello (a client engine's first flight), then a FIN, and reads until the server closes.
 * Deterministic where killing a TLS client mid-handshake would be a race.
 */
final class RawTlsClient {

    private RawTlsClient() {
    }

    /** The first flight of a real TLS client, produced by a client engine's first wrap. */
    static byte[] clientHello() throws Exception {
        SSLEngine engine = TestTls.context().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        byte[] bytes = new byte[net.remaining()];
        net.get(bytes);
        assertTrue(bytes.length > 10 && bytes[0] == 0x16, "a handshake record");
        return bytes;
    }

    /**
     * Connects, sends the first {@code length} bytes of a ClientHello (0: none), ends its output
     * and waits for the server to close.
     */
    static void sendThenFin(int port, int length) throws Exception {
        byte[] hello = clientHello();
        try (Socket raw = new Socket(TestTls.LOOPBACK, port)) {
            raw.setSoTimeout((int) NativePeer.WAIT_MILLIS);
            OutputStream out = raw.getOutputStream();
            out.write(hello, 0, Math.min(length, hello.length));
            out.flush();
            raw.shutdownOutput();
            InputStream in = raw.getInputStream();
            try {
                while (in.read() >= 0) {
                    // The server's flight, if it answered a whole ClientHello.
                }
            } catch (IOException e) {
                // Reset by the server: it has closed all the same.
            }
        }
    }

    /** Half a ClientHello then FIN: one handshake-eof, wherever the server stack is. */
    static void halfHelloThenFin(int port) throws Exception {
        sendThenFin(port, clientHello().length / 2);
    }

    /**
     * A marker after a case that must give no event: half a ClientHello and a FIN, then exactly
     * one event, the marker's {@code handshake-eof}. Events are written in order by one thread,
     * so any event of the case before would show up here; "none" is observed, not assumed.
     */
    static void assertOnlyTheMarkerFollows(AgentEvents events, int port, String stack) throws Exception {
        halfHelloThenFin(port);
        List<AgentEvent> seen = events.await(1);
        assertEquals(1, seen.size(), "the case before the marker gave events: " + seen);
        AgentEvent e = seen.get(0);
        assertEquals("handshake-eof", e.kind(), e.line());
        assertEquals(stack, e.fields().get("stack"), e.line());
        AgentEvents.Counters d = events.delta();
        assertEquals(0, d.truncations() + d.afterLocalClose(), "counters: " + d);
        assertEquals(1, d.handshakeEofs(), "counters: " + d);
    }
}
