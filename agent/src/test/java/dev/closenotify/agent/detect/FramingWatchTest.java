package dev.closenotify.agent.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The watch between the woven JSSE paths and the tracker: engines' buffer arrays are read back
 * from the positions marked at entry, exactly, or not at all. The engine's own work is simulated
 * here by moving the buffers' positions the way {@code SSLEngineImpl} does; the real engines are
 * exercised in the integration tests.
 */
class FramingWatchTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";

    @Test
    void engineBytesSplitOverSeveralBuffersAreFedInOrder() throws Exception {
        FramingWatch watch = new FramingWatch(clientEngine());
        // The request, taken by one wrap from two sources, the first read from position 3.
        ByteBuffer a = ByteBuffer.wrap(("xyz" + REQUEST.substring(0, 9)).getBytes(StandardCharsets.US_ASCII));
        a.position(3);
        ByteBuffer b = ByteBuffer.wrap(REQUEST.substring(9).getBytes(StandardCharsets.US_ASCII));
        ByteBuffer[] srcs = {ByteBuffer.allocate(0), a, b};
        watch.beforeWrap(srcs, 1, 2);
        a.position(a.limit());
        b.position(b.limit());
        watch.wrapped(srcs, 1, 2, REQUEST.length());

        // The response head and 4 of 10 body bytes, unwrapped into two destinations.
        ByteBuffer d1 = ByteBuffer.allocate(100);
        d1.position(90);
        ByteBuffer d2 = ByteBuffer.allocate(100);
        d2.position(7);
        ByteBuffer[] dsts = {d1, d2};
        watch.beforeUnwrap(dsts, 0, 2);
        byte[] bytes = (HEAD + "abcd").getBytes(StandardCharsets.US_ASCII);
        d1.put(bytes, 0, 10);
        d2.put(bytes, 10, bytes.length - 10);
        watch.unwrapped(dsts, 0, 2, bytes.length);

        assertVerdict(Harm.DETECTED, Framing.CONTENT_LENGTH, watch);

        ByteBuffer d3 = ByteBuffer.allocate(100);
        ByteBuffer[] rest = {d3};
        watch.beforeUnwrap(rest, 0, 1);
        d3.put("efghij".getBytes(StandardCharsets.US_ASCII));
        watch.unwrapped(rest, 0, 1, 6);
        assertVerdict(Harm.NONE, Framing.CONTENT_LENGTH, watch);
    }

    @Test
    void positionsThatDoNotAddUpSwitchTrackingOff() throws Exception {
        FramingWatch watch = new FramingWatch(clientEngine());
        ByteBuffer src = ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer[] srcs = {src};
        watch.beforeWrap(srcs, 0, 1);
        src.position(src.limit());
        // The engine says more moved than the marked buffer shows.
        watch.wrapped(srcs, 0, 1, REQUEST.length() + 1);
        assertVerdict(Harm.UNKNOWN, Framing.UNKNOWN, watch);
    }

    @Test
    void bytesBeyondTheMarkedBuffersSwitchTrackingOff() throws Exception {
        FramingWatch watch = new FramingWatch(clientEngine());
        ByteBuffer[] srcs = new ByteBuffer[FramingWatch.MARKS + 1];
        for (int i = 0; i < srcs.length; i++) {
            srcs[i] = ByteBuffer.wrap(new byte[] {(byte) REQUEST.charAt(i)});
        }
        watch.beforeWrap(srcs, 0, srcs.length);
        for (ByteBuffer src : srcs) {
            src.position(1);
        }
        watch.wrapped(srcs, 0, srcs.length, srcs.length);
        assertVerdict(Harm.UNKNOWN, Framing.UNKNOWN, watch);
    }

    @Test
    void socketReadsAndWritesFollowTheExchange() throws Exception {
        SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
        try {
            FramingWatch watch = new FramingWatch(socket);
            byte[] head = "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            watch.written(head, 0, head.length);
            assertVerdict(Harm.NONE, Framing.BETWEEN_MESSAGES, watch);
            byte[] response = ("zz" + HEAD).getBytes(StandardCharsets.US_ASCII);
            watch.read(response, 2, response.length - 2);
            // The response to HEAD has no body, whatever its Content-Length says.
            assertVerdict(Harm.NONE, Framing.NO_BODY, watch);
        } finally {
            socket.close();
        }
    }

    @Test
    void theRoleComesFromTheEngine() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("a", 443);
        engine.setUseClientMode(false);
        FramingWatch watch = new FramingWatch(engine);
        ByteBuffer dst = ByteBuffer.allocate(100);
        ByteBuffer[] dsts = {dst};
        watch.beforeUnwrap(dsts, 0, 1);
        dst.put("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab".getBytes(StandardCharsets.US_ASCII));
        watch.unwrapped(dsts, 0, 1, dst.position());
        // A server reads requests: a cut request body is seen by its parser, never silent.
        assertVerdict(Harm.DETECTED, Framing.CONTENT_LENGTH, watch);
    }

    @Test
    void withoutAWatchEveryVerdictIsUnknownAndWithOneACutHandshakeLostNothing() throws Exception {
        // No watch: framing off, or a connection made before a live attach.
        for (Kind kind : Kind.values()) {
            assertEquals(FramingWatch.Verdict.UNKNOWN, FramingWatch.verdictOf(null, kind));
        }
        assertEquals(FramingWatch.Verdict.UNKNOWN,
                FramingWatch.verdictOf("not a watch", Kind.AFTER_LOCAL_CLOSE));
        FramingWatch.Verdict handshake = FramingWatch.verdictOf(new FramingWatch(clientEngine()),
                Kind.HANDSHAKE_EOF);
        assertEquals(Harm.NONE, handshake.harm());
        assertEquals(Framing.BETWEEN_MESSAGES, handshake.framing());
    }

    @Test
    void anUnwrapWhoseMarksAnotherThreadTookOverSwitchesTrackingOff() throws Exception {
        FramingWatch watch = new FramingWatch(clientEngine());
        ByteBuffer mine = ByteBuffer.allocate(100);
        ByteBuffer[] dsts = {mine};
        watch.beforeUnwrap(dsts, 0, 1);
        // Another thread's unwrap on the same engine marks its own buffer in between. Its
        // position happens to equal ours, so the marks alone cannot tell: only the owner can.
        Thread other = new Thread(() -> watch.beforeUnwrap(
                new ByteBuffer[] {ByteBuffer.allocate(100)}, 0, 1));
        other.start();
        other.join();
        mine.put(HEAD.getBytes(StandardCharsets.US_ASCII));
        watch.unwrapped(dsts, 0, 1, mine.position());
        assertVerdict(Harm.UNKNOWN, Framing.UNKNOWN, watch);
    }

    @Test
    void nothingMovedOnAConnectionWithoutAlpnIsUnknown() throws Exception {
        SSLEngine engine = clientEngine();
        assertNull(engine.getApplicationProtocol());
        assertVerdict(Harm.UNKNOWN, Framing.UNKNOWN, new FramingWatch(engine));
    }

    private static SSLEngine clientEngine() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("a", 443);
        engine.setUseClientMode(true);
        return engine;
    }

    private static void assertVerdict(Harm harm, Framing framing, FramingWatch watch) {
        FramingWatch.Verdict verdict = FramingWatch.verdictOf(watch, Kind.TRUNCATED);
        assertEquals(harm + " " + framing, verdict.harm() + " " + verdict.framing());
    }
}
