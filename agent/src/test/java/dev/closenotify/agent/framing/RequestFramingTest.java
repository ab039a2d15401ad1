package dev.closenotify.agent.framing;

import static dev.closenotify.agent.framing.Wire.in;
import static dev.closenotify.agent.framing.Wire.out;
import static dev.closenotify.agent.framing.Wire.server;
import static dev.closenotify.agent.framing.Wire.verdict;
import static dev.closenotify.agent.framing.Wire.verdictRuns;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Server role: requests read. A request is never close-delimited, so never silent. */
class RequestFramingTest {

    @Test
    void requestWithoutLengthHasNoBody() {
        // Without ALPN the stream is HTTP once a token method and SP arrived.
        verdictRuns(server(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "unknown unknown", "detected headers", "none no-body");
        verdictRuns(new FramingTracker(Role.SERVER, "http/1.1"), "GET / HTTP/1.1\r\n\r\n",
                "detected headers", "none no-body");
        verdictRuns(server(), "POST /form HTTP/1.0\r\n\r\n",
                "unknown unknown", "detected headers", "none no-body");
    }

    @Test
    void contentLengthBodyCutIsDetected() {
        verdictRuns(server(), "POST /upload HTTP/1.1\r\nContent-Length: 4\r\n\r\ndata",
                "unknown unknown", "detected headers", "detected content-length",
                "none content-length");
    }

    @Test
    void chunkedBodyCutIsDetected() {
        verdictRuns(server(), "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4;a=b\r\ndata\r\n0\r\nX-Checksum: 1\r\n\r\n",
                "unknown unknown", "detected headers", "detected chunked", "none chunked");
    }

    @Test
    void betweenRequestsIsNone() {
        FramingTracker t = in(server(), "\r\nGET /a HTTP/1.1\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
        verdict(t, Harm.NONE, Framing.CONTENT_LENGTH);
        in(t, "\r\n"); // an empty line before the next request is allowed
        verdict(t, Harm.NONE, Framing.CONTENT_LENGTH);
        in(t, "DELETE /c HTTP/1.1\r\n");
        verdict(t, Harm.DETECTED, Framing.HEADERS);
        in(t, "\r\n");
        verdict(t, Harm.NONE, Framing.NO_BODY);
    }

    @Test
    void bytesAfterARequestWithoutLengthAreTheNextRequest() {
        // What a client might mean as a body without length is the start of another request.
        FramingTracker t = in(server(), "POST / HTTP/1.1\r\n\r\nname=value");
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN); // '=' is no token byte
        verdict(in(server(), "POST / HTTP/1.1\r\n\r\nbody"), Harm.DETECTED, Framing.HEADERS);
    }

    @Test
    void transferEncodingNotEndingInChunkedIsUnknownInARequest() {
        verdict(in(server(), "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(server(), "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(server(), "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(server(), "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 99\r\n\r\n0\r\n\r\n"), Harm.NONE, Framing.CHUNKED);
    }

    @Test
    void connectRequestEndsTracking() {
        FramingTracker t = in(server(), "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n");
        verdict(t, Harm.DETECTED, Framing.HEADERS);
        in(t, "\r\n");
        assertTrue(t.off());
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void headIsAnOrdinaryRequestForAServer() {
        verdict(in(server(), "HEAD / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab"),
                Harm.DETECTED, Framing.CONTENT_LENGTH);
    }

    @Test
    void whatTheServerWritesIsIgnored() {
        FramingTracker t = in(server(), "GET / HTTP/1.1\r\n\r\n");
        out(t, "HTTP/1.1 200 OK\r\n\r\nclose-delimited body");
        t.outbound(new byte[] {0, 1, 2, (byte) 0xFF}, 0, 4);
        verdict(t, Harm.NONE, Framing.NO_BODY);
        assertFalse(t.off());
    }

    @Test
    void nonHttpRequestLinesSwitchOff() {
        String[] notHttp = {
            "\u0016\u0003\u0001\u0000", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET /\r\n",
            "GET  / HTTP/1.1\r\n", "GET / HTTP/1.1 \r\n", "GET / HTTP/1.1x\r\n", "GET / HTTP/1\r\n",
            "G\u00c9T / HTTP/1.1\r\n", " GET / HTTP/1.1\r\n", "GET /\u0000 HTTP/1.1\r\n",
            "GET / HTTP/1.1\r\nHost\r\n\r\n",
        };
        for (String s : notHttp) {
            FramingTracker t = in(server(), s);
            assertTrue(t.off(), s);
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        }
    }

    @Test
    void aServerIsNeverSilent() {
        String[] requests = {
            "POST / HTTP/1.0\r\n\r\n", "POST / HTTP/1.1\r\nConnection: close\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        };
        for (String s : requests) {
            FramingTracker t = server();
            byte[] b = Wire.bytes(s);
            for (int i = 0; i < b.length; i++) {
                t.inbound(b, i, 1);
                assertTrue(t.harm() != Harm.SILENT, s);
            }
        }
    }
}
