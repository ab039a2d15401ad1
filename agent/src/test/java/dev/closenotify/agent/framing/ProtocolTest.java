package dev.closenotify.agent.framing;

import static dev.closenotify.agent.framing.Wire.bytes;
import static dev.closenotify.agent.framing.Wire.client;
import static dev.closenotify.agent.framing.Wire.in;
import static dev.closenotify.agent.framing.Wire.inByteByByte;
import static dev.closenotify.agent.framing.Wire.inDirect;
import static dev.closenotify.agent.framing.Wire.out;
import static dev.closenotify.agent.framing.Wire.server;
import static dev.closenotify.agent.framing.Wire.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** How the protocol is chosen, what no bytes mean, and the calls' contract. */
class ProtocolTest {

    private static final String GET = "GET / HTTP/1.1\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";

    @Test
    void noBytesAtAll() {
        // A client knows nothing of a protocol it has seen no byte of; a server that has read
        // nothing knows that no request had begun, whatever the protocol.
        verdict(client(), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(server(), Harm.NONE, Framing.BETWEEN_MESSAGES);
        assertFalse(client().off());
        verdict(new FramingTracker(Role.CLIENT, ""), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(new FramingTracker(Role.SERVER, ""), Harm.NONE, Framing.BETWEEN_MESSAGES);
        for (Role role : Role.values()) {
            verdict(new FramingTracker(role, "http/1.1"), Harm.NONE, Framing.BETWEEN_MESSAGES);
            verdict(new FramingTracker(role, "http/1.0"), Harm.NONE, Framing.BETWEEN_MESSAGES);
            verdict(new FramingTracker(role, "h2"), Harm.NONE, Framing.H2);
        }
    }

    @Test
    void aServerThatReadOnlyPartOfAStartLineIsUnknownUnlessItIsHttp() {
        // Blank lines before a request are still "nothing begun" (RFC 9112 §2.2).
        verdict(in(server(), "\r\n"), Harm.NONE, Framing.BETWEEN_MESSAGES);
        verdict(in(server(), "GE"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(new FramingTracker(Role.SERVER, "http/1.1"), "GE"), Harm.DETECTED,
                Framing.HEADERS);
        // Not HTTP: the server's tracker switches off, and a byte had arrived.
        verdict(in(server(), "\u0001binary"), Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void requestWrittenAndNoResponseYet() {
        verdict(out(client(), "GET / HTTP/1.1\r\nHost: a\r\n"), Harm.NONE, Framing.BETWEEN_MESSAGES);
        verdict(out(client(), GET), Harm.NONE, Framing.BETWEEN_MESSAGES);
        // The request line's first token and SP are enough to say HTTP.
        verdict(out(client(), "GET"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(out(client(), "GET "), Harm.NONE, Framing.BETWEEN_MESSAGES);
    }

    @Test
    void h2IsDetectedOnceAnyByteMovedEitherWay() {
        FramingTracker t = new FramingTracker(Role.CLIENT, "h2");
        t.outbound(new byte[0], 0, 0);
        verdict(t, Harm.NONE, Framing.H2);
        out(t, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        verdict(t, Harm.DETECTED, Framing.H2);

        FramingTracker s = new FramingTracker(Role.SERVER, "h2");
        s.inbound(ByteBuffer.wrap(new byte[] {0, 0, 0, 4}), 0, 4);
        verdict(s, Harm.DETECTED, Framing.H2);
        assertFalse(s.off());

        FramingTracker garbage = new FramingTracker(Role.SERVER, "h2");
        in(garbage, "\u0000\u0001 not a frame at all");
        verdict(garbage, Harm.DETECTED, Framing.H2);
    }

    @Test
    void otherAlpnProtocolsAreOffFromTheStart() {
        for (String alpn : new String[] {"imap", "smtp", "acme-tls/1", "h3", "HTTP/1.1", "h2c"}) {
            FramingTracker t = new FramingTracker(Role.CLIENT, alpn);
            assertTrue(t.off(), alpn);
            in(out(t, GET), RESPONSE);
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        }
        assertTrue(new FramingTracker(null, null).off());
        assertTrue(new FramingTracker(null, "h2").off());
    }

    @Test
    void nonHttpFirstBytesSwitchOff() {
        // A server that speaks first (SMTP, FTP, POP3) or any binary protocol.
        for (String banner : new String[] {"220 mail.example.com ESMTP\r\n", "+OK POP3\r\n",
            "\u0030\u0084\u0000", "HELO", "HTTP/2.0 200"}) {
            FramingTracker t = in(client(), banner);
            assertTrue(t.off(), banner);
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
            in(out(t, GET), RESPONSE); // afterwards nothing is looked at
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        }
        assertTrue(out(client(), "\u0016\u0003\u0001").off());
        assertTrue(out(new FramingTracker(Role.CLIENT, "http/1.1"), "{\"json\": 1}").off());
    }

    @Test
    void theResponsesFirstBytesSayHttpToo() {
        // Without a request seen the response cannot be paired, but "HTTP/1." says HTTP.
        verdict(in(client(), "HTTP/1"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(client(), "HTTP/1."), Harm.DETECTED, Framing.HEADERS);
    }

    @Test
    void invalidArgumentsSwitchOffInsteadOfThrowing() {
        byte[] b = bytes(GET);
        FramingTracker[] bad = new FramingTracker[8];
        for (int i = 0; i < bad.length; i++) {
            bad[i] = client();
        }
        bad[0].inbound((byte[]) null, 0, 1);
        bad[1].inbound(b, -1, 1);
        bad[2].inbound(b, 0, b.length + 1);
        bad[3].outbound(b, 2, Integer.MAX_VALUE);
        bad[4].outbound(b, 0, -1);
        bad[5].inbound((ByteBuffer) null, 0, 0);
        bad[6].inbound(ByteBuffer.allocate(4).limit(2), 1, 2);
        bad[7].outbound(ByteBuffer.allocate(4), Integer.MAX_VALUE, 1);
        for (FramingTracker t : bad) {
            assertTrue(t.off());
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        }
        FramingTracker empty = client();
        empty.inbound(b, b.length, 0);
        empty.inbound(ByteBuffer.allocate(0), 0, 0);
        assertFalse(empty.off());
    }

    @Test
    void byteBufferReadsAreAbsolute() {
        verdict(inDirect(out(client(), GET), RESPONSE), Harm.NONE, Framing.CONTENT_LENGTH);

        ByteBuffer ro = ByteBuffer.wrap(bytes("xx" + RESPONSE + "yy")).asReadOnlyBuffer();
        ro.position(1).limit(ro.capacity() - 1);
        FramingTracker t = out(client(), GET);
        t.inbound(ro, 2, RESPONSE.length());
        assertEquals(1, ro.position());
        verdict(t, Harm.NONE, Framing.CONTENT_LENGTH);

        // Beyond the limit is out of bounds even if within the capacity.
        FramingTracker beyond = out(client(), GET);
        beyond.inbound(ByteBuffer.allocate(100).limit(10), 5, 6);
        assertTrue(beyond.off());
    }

    @Test
    void splittingAtEveryByteChangesNothing() {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n"
                + "Content-Length: 7\r\n\r\n3;x=\"y\"\r\nabc\r\n0\r\nT: 1\r\n\r\n";
        verdict(inByteByByte(out(client(), GET), response), Harm.NONE, Framing.CHUNKED);
        verdict(in(out(client(), GET), response), Harm.NONE, Framing.CHUNKED);
    }

    @Test
    void toStringCarriesTheVerdictOnly() {
        FramingTracker t = in(out(client(), GET), "HTTP/1.1 200 OK\r\n\r\n");
        assertEquals("FramingTracker[client, harm=silent, framing=close-delimited]", t.toString());
    }

    @Test
    void enumIdsAreTheProductsNames() {
        assertEquals("none detected silent unknown", ids(Harm.values()));
        assertEquals("content-length chunked close-delimited no-body between-messages headers h2"
                + " unknown", ids(Framing.values()));
        assertEquals("client server", ids(Role.values()));
    }

    private static String ids(Enum<?>[] values) {
        StringBuilder s = new StringBuilder();
        for (Enum<?> v : values) {
            String id = v instanceof Harm ? ((Harm) v).id()
                    : v instanceof Framing ? ((Framing) v).id() : ((Role) v).id();
            s.append(s.length() == 0 ? "" : " ").append(id);
        }
        return s.toString();
    }
}
