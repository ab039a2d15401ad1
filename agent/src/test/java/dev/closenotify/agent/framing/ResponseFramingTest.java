package dev.closenotify.agent.framing;

import static dev.closenotify.agent.framing.Wire.client;
import static dev.closenotify.agent.framing.Wire.in;
import static dev.closenotify.agent.framing.Wire.out;
import static dev.closenotify.agent.framing.Wire.verdict;
import static dev.closenotify.agent.framing.Wire.verdictRuns;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Client role: the framing of responses read, paired with the requests written (RFC 9112 §6.3). */
class ResponseFramingTest {

    private static final String GET = "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
    private static final String HEAD = "HEAD /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
    private static final String HEADERS = "detected headers";

    private static FramingTracker afterGet() {
        return out(client(), GET);
    }

    @Test
    void contentLengthBodyCutThenComplete() {
        verdictRuns(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                HEADERS, "detected content-length", "none content-length");
    }

    @Test
    void contentLengthZeroIsCompleteAtTheEndOfTheHeaders() {
        verdictRuns(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                HEADERS, "none content-length");
    }

    @Test
    void chunkedBodyIsCompleteOnlyAfterTheLastChunkAndTrailers() {
        verdictRuns(afterGet(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=\"quoted;,\\\"value\"\r\nhello\r\n"
                        + "1A \r\nabcdefghijklmnopqrstuvwxyz\r\n"
                        + "0000;last\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n",
                HEADERS, "detected chunked", "none chunked");
    }

    @Test
    void chunkedWithoutTrailersEndsAtTheEmptyLine() {
        FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n");
        verdict(t, Harm.DETECTED, Framing.CHUNKED);
        in(t, "\r\n");
        verdict(t, Harm.NONE, Framing.CHUNKED);
    }

    @Test
    void noLengthIsCloseDelimitedEvenAfterManyBytes() {
        FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
        verdict(t, Harm.SILENT, Framing.CLOSE_DELIMITED);
        byte[] body = new byte[1 << 20];
        for (int i = 0; i < 100; i++) {
            t.inbound(body, 0, body.length);
        }
        in(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); // still body, not a message
        verdict(t, Harm.SILENT, Framing.CLOSE_DELIMITED);
    }

    @Test
    void http10WithoutLengthIsSilent() {
        verdictRuns(afterGet(), "HTTP/1.0 200 OK\r\nServer: old\r\n\r\n<html>",
                HEADERS, "silent close-delimited");
    }

    @Test
    void connectionCloseWithoutLengthIsSilentAndWithLengthIsNot() {
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nab"),
                Harm.SILENT, Framing.CLOSE_DELIMITED);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nab"),
                Harm.NONE, Framing.CONTENT_LENGTH);
    }

    @Test
    void responseToHeadHasNoBodyWhateverItsHeadersSay() {
        verdictRuns(out(client(), HEAD), "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n",
                HEADERS, "none no-body");
        verdict(in(out(client(), HEAD), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Harm.NONE, Framing.NO_BODY);
        verdict(in(out(client(), HEAD), "HTTP/1.1 200 OK\r\n\r\n"), Harm.NONE, Framing.NO_BODY);
    }

    @Test
    void noContentAndNotModifiedHaveNoBody() {
        verdict(in(afterGet(), "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"),
                Harm.NONE, Framing.NO_BODY);
        verdict(in(afterGet(), "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"), Harm.NONE, Framing.NO_BODY);
        // The no-body rule comes first: even an invalid length does not matter.
        verdict(in(afterGet(), "HTTP/1.1 304 Not Modified\r\nContent-Length: x\r\n\r\n"),
                Harm.NONE, Framing.NO_BODY);
    }

    @Test
    void interimResponsesAreFollowedByTheRealOne() {
        verdictRuns(afterGet(), "HTTP/1.1 100 Continue\r\n\r\n"
                        + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nContent-Length: 9\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                HEADERS, "none between-messages", HEADERS, "none between-messages", HEADERS,
                "detected content-length", "none content-length");
    }

    @Test
    void switchingProtocolsSwitchesTrackingOff() {
        FramingTracker t = in(out(client(), "GET /chat HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"),
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        assertTrue(t.off());
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        t.inbound(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'}, 0, 7);
        out(t, "GET / HTTP/1.1\r\n\r\n");
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void successfulConnectOpensATunnelAndAFailedOneDoesNot() {
        String connect = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n";
        FramingTracker t = in(out(client(), connect), "HTTP/1.1 200 Connection Established\r\n\r\n");
        assertTrue(t.off());
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);

        FramingTracker refused = in(out(client(), connect),
                "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\nno");
        verdict(refused, Harm.DETECTED, Framing.CONTENT_LENGTH);
        in(refused, "!");
        verdict(refused, Harm.NONE, Framing.CONTENT_LENGTH);
        assertFalse(refused.off());
    }

    @Test
    void transferEncodingOverridesContentLength() {
        FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nxyz");
        // The three octets the length announced are no chunk-size line: not HTTP any more.
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), Harm.DETECTED, Framing.CHUNKED);
        // Even a length that would be invalid: TE decides first.
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 1, 2\r\n\r\n0\r\n\r\n"), Harm.NONE, Framing.CHUNKED);
    }

    @Test
    void transferEncodingWhoseLastCodingIsNotChunkedIsCloseDelimited() {
        String ok = "HTTP/1.1 200 OK\r\n";
        verdict(in(afterGet(), ok + "Transfer-Encoding: gzip\r\n\r\nxx"),
                Harm.SILENT, Framing.CLOSE_DELIMITED);
        verdict(in(afterGet(), ok + "Transfer-Encoding: chunked, gzip\r\nContent-Length: 2\r\n\r\n"),
                Harm.SILENT, Framing.CLOSE_DELIMITED);
        verdict(in(afterGet(), ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"),
                Harm.SILENT, Framing.CLOSE_DELIMITED);
        verdict(in(afterGet(), ok + "Transfer-Encoding: chunkedx\r\n\r\n"),
                Harm.SILENT, Framing.CLOSE_DELIMITED);
        verdict(in(afterGet(), ok + "Transfer-Encoding: gzip\r\nTransfer-Encoding: CHUNKED\r\n\r\n"),
                Harm.DETECTED, Framing.CHUNKED);
        verdict(in(afterGet(), ok + "transfer-encoding:gzip;q=\"a,b\" ,\tChunked , \r\n\r\n"),
                Harm.DETECTED, Framing.CHUNKED);
    }

    @Test
    void invalidTransferEncodingIsUnknown() {
        String ok = "HTTP/1.1 200 OK\r\n";
        verdict(in(afterGet(), ok + "Transfer-Encoding:\r\n\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), ok + "Transfer-Encoding: chun ked\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), ok + "Transfer-Encoding: gzip;q=\"open\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        // HTTP/1.0 with Transfer-Encoding: faulty framing (RFC 9112 §6.1).
        verdict(in(afterGet(), "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void severalContentLengthValues() {
        String ok = "HTTP/1.1 200 OK\r\n";
        verdict(in(afterGet(), ok + "Content-Length: 5, 5 ,5\r\n\r\n"),
                Harm.DETECTED, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), ok + "Content-Length: 5\r\ncontent-length: 5\r\n\r\nhello"),
                Harm.NONE, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), ok + "Content-Length: 5, 6\r\n\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void invalidOrOverflowingContentLengthIsUnknown() {
        String[] invalid = {"", " ", "abc", "-1", "+5", "5 5", "5,", ",5", "5,,5", "0x10", "5;",
            "99999999999999999999", "9223372036854775808", "1e3"};
        for (String value : invalid) {
            FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: " + value
                    + "\r\n\r\n");
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        }
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n"),
                Harm.DETECTED, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length:\t007 \t\r\n\r\n1234567"),
                Harm.NONE, Framing.CONTENT_LENGTH);
    }

    @Test
    void overflowingChunkSizeIsUnknown() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        verdict(in(afterGet(), chunked + "7fffffffffffffff\r\n"), Harm.DETECTED, Framing.CHUNKED);
        verdict(in(afterGet(), chunked + "10000000000000000\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), chunked + "ffffffffffffffffffff\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), chunked + "-1\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), chunked + ";ext\r\n"), Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), chunked + "3\r\nabcX"), Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void cutsInsideTheStatusLineOrHeadersAreDetected() {
        for (String prefix : new String[] {"H", "HTTP/1.", "HTTP/1.1 20", "HTTP/1.1 200 O",
            "HTTP/1.1 200 OK\r", "HTTP/1.1 200 OK\r\nContent-Len", "HTTP/1.1 200 OK\r\n"
                + "Content-Length: 12", "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r"}) {
            verdict(in(afterGet(), prefix), Harm.DETECTED, Framing.HEADERS);
        }
    }

    @Test
    void headerNamesAreMatchedCaseInsensitivelyAndExactly() {
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh: 1\r\n\r\n"),
                Harm.DETECTED, Framing.CONTENT_LENGTH);
        for (String lookalike : new String[] {"Content-Lengthy", "Content-Lengt", "X-Content-Length",
            "Content_Length", "Transfer-Encodings", "Transfer-Encodin"}) {
            verdict(in(afterGet(), "HTTP/1.1 200 OK\r\n" + lookalike + ": 1\r\n\r\n"),
                    Harm.SILENT, Framing.CLOSE_DELIMITED);
        }
    }

    @Test
    void bareLineFeedsAreAcceptedAndBareCarriageReturnsAreNot() {
        verdict(in(afterGet(), "HTTP/1.1 200 OK\nContent-Length: 1\n\nx"),
                Harm.NONE, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\rContent-Length: 1\r\n\r\nx"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 1\r\r\nx"),
                Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void foldedLinesAreSkippedUnlessTheyContinueALengthField() {
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nContent-Length: 1\r\n"
                + "\r\nx"), Harm.NONE, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\n  before the first field\r\nContent-Length: 1\r\n"
                + "\r\nx"), Harm.NONE, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n 2\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip,\r\n\tchunked\r\n\r\n"),
                Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void malformedLinesAreUnknown() {
        String[] malformed = {
            "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\n", // space before the colon
            "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", // NUL
            "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\u0000\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 099 OK\r\n\r\n",
            "HTTP/1.1  200 OK\r\n\r\n", "HTTP/1.1 200\tOK\r\n\r\n", "HTTP/2 200\r\n\r\n",
            "HTTP/1.x 200 OK\r\n\r\n", "http/1.1 200 OK\r\n\r\n", " HTTP/1.1 200 OK\r\n\r\n",
        };
        for (String s : malformed) {
            FramingTracker t = in(afterGet(), s);
            verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
            assertTrue(t.off(), s);
        }
        // Accepted leniencies: no reason phrase, obs-text in the reason, empty lines before.
        verdict(in(afterGet(), "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"),
                Harm.NONE, Framing.CONTENT_LENGTH);
        verdict(in(afterGet(), "\r\nHTTP/1.1 200 \u00e9t\u00e9 ok\r\nContent-Length: 0\r\n\r\n"),
                Harm.NONE, Framing.CONTENT_LENGTH);
    }

    @Test
    void lineLengthIsBounded() {
        String longValue = "a".repeat(MessageParser.MAX_LINE - "X-A: ".length());
        verdict(in(afterGet(), "HTTP/1.1 200 OK\r\nX-A: " + longValue + "\r\nContent-Length: 0"
                + "\r\n\r\n"), Harm.NONE, Framing.CONTENT_LENGTH);
        FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nX-A: " + longValue + "a");
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
        FramingTracker chunk = in(afterGet(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n1;" + "e".repeat(MessageParser.MAX_LINE));
        verdict(chunk, Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void keepAliveBetweenResponses() {
        FramingTracker t = in(afterGet(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        verdict(t, Harm.NONE, Framing.CONTENT_LENGTH);
        out(t, GET);
        // The next response awaited: the EOF falls before its first byte.
        verdict(t, Harm.NONE, Framing.BETWEEN_MESSAGES);
        in(t, "HTTP/1.1 200 OK\r\n");
        verdict(t, Harm.DETECTED, Framing.HEADERS);
        in(t, "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        verdict(t, Harm.NONE, Framing.CHUNKED);
    }

    @Test
    void pipelinedRequestsWithHeadInTheMiddle() {
        FramingTracker t = out(client(), GET + HEAD
                + "POST /form HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                + "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;e\r\nab\r\n0\r\n\r\n");
        verdict(t, Harm.NONE, Framing.BETWEEN_MESSAGES);
        verdictRuns(t, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\n\r\ntail",
                HEADERS, "detected content-length", "none between-messages",
                HEADERS, "none between-messages",
                HEADERS, "detected chunked", "none between-messages",
                HEADERS, "silent close-delimited");
    }

    @Test
    void aResponseToNoRequestIsUnknown() {
        FramingTracker t = in(new FramingTracker(Role.CLIENT, "http/1.1"),
                "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");
        verdict(t, Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void aPipelineDeeperThanTheQueueIsUnknown() {
        FramingTracker full = client();
        for (int i = 0; i < MethodQueue.CAPACITY; i++) {
            out(full, i % 2 == 0 ? HEAD : GET);
        }
        for (int i = 0; i < MethodQueue.CAPACITY; i++) {
            in(full, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n" + (i % 2 == 0 ? "" : "abc"));
        }
        verdict(full, Harm.NONE, Framing.CONTENT_LENGTH);

        FramingTracker over = client();
        for (int i = 0; i <= MethodQueue.CAPACITY; i++) {
            out(over, GET);
        }
        verdict(over, Harm.UNKNOWN, Framing.UNKNOWN);
        in(over, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        verdict(over, Harm.UNKNOWN, Framing.UNKNOWN);
    }

    @Test
    void malformedRequestsWrittenSwitchOff() {
        FramingTracker t = out(client(), "GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertTrue(t.off());
        assertTrue(out(client(), "EHLO mail.example.com\r\n").off());
        assertTrue(out(client(), "GET /\r\n").off()); // HTTP/0.9
        assertTrue(out(client(), "GET / HTTP/1.1 extra\r\n").off());
    }
}
