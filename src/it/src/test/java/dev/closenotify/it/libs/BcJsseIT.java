package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BouncyCastle's JSSE provider (bctls-jdk18on 1.84), whose sockets and engines run its own
 * {@code TlsProtocol} and never reach SunJSSE. Its default (it reads
 * {@code com.sun.net.ssl.requireCloseNotify}, default true) is to throw
 * {@code TlsNoCloseNotifyException} at a truncation; the agent adds the event, {@code stack=bcjsse}.
 * The provider is used as an instance, never registered, so the other tests of this JVM keep
 * SunJSSE.
 * <ul>
 * <li>a BCJSSE socket reading a close-delimited body cut by a FIN: one {@code truncated},
 *     {@code transport=socket}, {@code midRecord=false}, exchange and harm unknown (BCJSSE keeps
 *     no byte counts for the agent), and BouncyCastle's own exception;</li>
 * <li>the same body ended with close_notify: no event;</li>
 * <li>a server that closes TCP after the ClientHello: one {@code handshake-eof};</li>
 * <li>a BCJSSE client engine (a SunJSSE server engine over an in-memory transport): the library's
 *     {@code closeInbound()} before any close_notify: one {@code truncated},
 *     {@code transport=engine}; after the peer's close_notify: no event.</li>
 * </ul>
 */
class BcJsseIT {

    private static final String STACK = "bcjsse";
    private static SSLContext bc;

    @BeforeAll
    static void context() throws Exception {
        bc = SSLContext.getInstance("TLS",
                new BouncyCastleJsseProvider(new BouncyCastleProvider()));
        bc.init(TestTls.keyManagers().getKeyManagers(), TestTls.trustManagers().getTrustManagers(),
                null);
    }

    @Test
    void aCutCloseDelimitedBodyOnABcSocketIsOneTruncation() throws Exception {
        try (TlsHttpServer server = TlsHttpServer.start(); AgentEvents events = AgentEvents.capture("log")) {
            server.plan(TlsHttpServer.Plan.cutCloseDelimited(4000, 1500));
            IOException failure = assertThrows(IOException.class, () -> get(server.port()));
            assertTrue(failure.getClass().getName().startsWith("org.bouncycastle."),
                    "BouncyCastle's own exception: " + failure);
            server.awaitAllEnded();
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), seen.toString());
            AgentEvent e = seen.get(0);
            assertEquals("truncated", e.kind(), e.line());
            assertEquals("client", e.role(), e.line());
            assertEquals("socket", e.transport(), e.line());
            assertEquals(STACK, e.fields().get("stack"), e.line());
            assertEquals("false", e.fields().get("midRecord"), e.line());
            assertEquals("unknown", e.exchange(), e.line());
            assertEquals("unknown", e.harm(), e.line());
            assertTrue(e.fields().get("protocol").startsWith("TLSv1."), e.line());
            assertEquals(1, events.delta().truncations(), events.delta().toString());
        }
        AgentEvents.assertApplied("TlsProtocol.safeReadRecord", "TlsProtocol");
    }

    @Test
    void aBodyEndedWithCloseNotifyGivesNoEvent() throws Exception {
        try (TlsHttpServer server = TlsHttpServer.start(); AgentEvents events = AgentEvents.capture("log")) {
            server.plan(TlsHttpServer.Plan.properCloseDelimited(4000));
            byte[] response = get(server.port());
            assertTrue(response.length > 4000, "the whole body");
            server.awaitAllEnded();
            events.assertNone();
        }
    }

    @Test
    void aServerThatClosesAfterTheClientHelloIsAHandshakeEof() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, TestTls.LOOPBACK);
                AgentEvents events = AgentEvents.capture("log")) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = mute.accept()) {
                    s.getInputStream().read(new byte[5]); // The ClientHello has begun.
                } catch (IOException ignored) {
                    // The case fails on the client's side if this did.
                }
            }, "bcjsse-mute-server");
            acceptor.start();
            try (SSLSocket socket = (SSLSocket) bc.getSocketFactory().createSocket(TestTls.LOOPBACK,
                    mute.getLocalPort())) {
                socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                assertThrows(IOException.class, socket::startHandshake);
            }
            acceptor.join(TlsHttpServer.TIMEOUT_MILLIS);
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), seen.toString());
            AgentEvent e = seen.get(0);
            assertEquals("handshake-eof", e.kind(), e.line());
            assertEquals(STACK, e.fields().get("stack"), e.line());
            assertEquals(1, events.delta().handshakeEofs(), events.delta().toString());
        }
    }

    @Test
    void aBcEnginesCloseInboundBeforeCloseNotifyIsOneTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            EnginePair pair = EnginePair.handshaken();
            pair.serverSends("hello");
            // The library saw its transport end: the peer never sent close_notify.
            SSLException thrown = assertThrows(SSLException.class, pair.client::closeInbound);
            assertTrue(String.valueOf(thrown.getCause()).contains("NoCloseNotify"), thrown.toString());
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), seen.toString());
            AgentEvent e = seen.get(0);
            assertEquals("truncated", e.kind(), e.line());
            assertEquals("client", e.role(), e.line());
            assertEquals("engine", e.transport(), e.line());
            assertEquals(STACK, e.fields().get("stack"), e.line());
            assertEquals(1, events.delta().truncations(), events.delta().toString());
        }
        AgentEvents.assertApplied("TlsProtocol.safeReadRecord", "TlsProtocol");
    }

    @Test
    void aBcEnginesCloseInboundAfterCloseNotifyGivesNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            EnginePair pair = EnginePair.handshaken();
            pair.serverSends("hello");
            pair.server.closeOutbound();
            SSLEngineResult result = pair.pump(pair.server, pair.client);
            assertEquals(SSLEngineResult.Status.CLOSED, result.getStatus(), "close_notify arrived");
            pair.client.closeInbound();
            events.assertNone();
        }
    }

    /** One GET on a BCJSSE socket, read until the end; BouncyCastle's exception passes through. */
    private static byte[] get(int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) bc.getSocketFactory().createSocket(TestTls.LOOPBACK, port)) {
            socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("GET /bc HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
            return all.toByteArray();
        }
    }

    /** A BCJSSE client engine and server engine joined by two in-memory buffers. */
    private static final class EnginePair {
        final SSLEngine client = bc.createSSLEngine("localhost", 443);
        // The peer is SunJSSE: the case is the BCJSSE client engine.
        final SSLEngine server = TestTls.context().createSSLEngine();
        /** Bytes on their way to the server and to the client; unread ones wait for the next turn. */
        private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer app = ByteBuffer.allocate(1 << 17);

        static EnginePair handshaken() throws Exception {
            EnginePair p = new EnginePair();
            p.client.setUseClientMode(true);
            p.server.setUseClientMode(false);
            p.client.beginHandshake();
            p.server.beginHandshake();
            for (int i = 0; i < 50 && (handshaking(p.client) || handshaking(p.server)); i++) {
                p.pump(p.client, p.server);
                p.pump(p.server, p.client);
            }
            assertTrue(!handshaking(p.client) && !handshaking(p.server), "handshake done");
            return p;
        }

        void serverSends(String text) throws Exception {
            int read = transfer(server, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)),
                    client);
            assertEquals(text.length(), read, "the client engine read the data");
        }

        /** What {@code from} has to send, unwrapped by {@code to}; the last unwrap's result. */
        SSLEngineResult pump(SSLEngine from, SSLEngine to) throws Exception {
            transfer(from, ByteBuffer.allocate(0), to);
            return last;
        }

        private SSLEngineResult last;

        /**
         * Every record {@code from} will write now (with {@code data}, handshake messages and
         * tickets alike), unwrapped by {@code to} as far as it will go now (an engine that wants to
         * write first leaves the rest for the next turn): the application bytes {@code to} read.
         * Each loop stops when a call moves nothing, so a stalled engine fails the case instead of
         * hanging.
         */
        private int transfer(SSLEngine from, ByteBuffer data, SSLEngine to) throws Exception {
            ByteBuffer wire = from == client ? toServer : toClient;
            for (int i = 0; i < 20; i++) {
                SSLEngineResult r = from.wrap(data, wire);
                tasks(from);
                if (r.getStatus() != SSLEngineResult.Status.OK || (r.bytesProduced() == 0
                        && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP)) {
                    break;
                }
            }
            wire.flip();
            int read = 0;
            last = null;
            for (int i = 0; i < 20 && wire.hasRemaining(); i++) {
                app.clear();
                last = to.unwrap(wire, app);
                tasks(to);
                read += last.bytesProduced();
                if (last.getStatus() != SSLEngineResult.Status.OK || last.bytesConsumed() == 0) {
                    break;
                }
            }
            wire.compact();
            return read;
        }

        private static void tasks(SSLEngine engine) {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
        }

        private static boolean handshaking(SSLEngine engine) {
            HandshakeStatus s = engine.getHandshakeStatus();
            return s != HandshakeStatus.NOT_HANDSHAKING && s != HandshakeStatus.FINISHED;
        }
    }
}
