package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exact bytes of the HTTP rows: their framing is what the harm verdict is judged on. */
class HttpExchangeTest {

    private static String response(PeerBehaviour behaviour, int bodyBytes) {
        return new String(HttpExchange.response(behaviour, bodyBytes), StandardCharsets.US_ASCII);
    }

    @Test
    void requestsAreHttpWithHostAndEndInAnEmptyLine() {
        assertEquals("GET /demo HTTP/1.1\r\nHost: localhost\r\n\r\n",
                new String(HttpExchange.request(Scenario.Http.V1_1), StandardCharsets.US_ASCII));
        assertEquals("GET /demo HTTP/1.0\r\nHost: localhost\r\n\r\n",
                new String(Payload.request(Scenario.HTTP10_CUT), StandardCharsets.US_ASCII));
        // The older rows keep their raw request.
        assertEquals("GET /demo\n", new String(Payload.request(Scenario.TRUNCATE_FIN), StandardCharsets.US_ASCII));
    }

    @Test
    void completeContentLengthBodyMatchesItsLength() {
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nxxx",
                response(PeerBehaviour.HTTP_LENGTH_COMPLETE, 3));
    }

    @Test
    void cutContentLengthBodyPromisesMoreThanItSends() {
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 515\r\n\r\nxxx",
                response(PeerBehaviour.HTTP_LENGTH_CUT, 3));
        assertTrue(response(PeerBehaviour.HTTP_LENGTH_CUT, 0).endsWith("Content-Length: 512\r\n\r\n"),
                "--bytes 0 still cuts");
    }

    @Test
    void cutChunkedBodyHasWholeChunksButNoLastChunk() {
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1a\r\n" + "x".repeat(26) + "\r\n", response(PeerBehaviour.HTTP_CHUNKED_CUT, 26));
        // No body: no chunk at all, since a 0-size chunk would be the last chunk.
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
                response(PeerBehaviour.HTTP_CHUNKED_CUT, 0));
    }

    @Test
    void closeDelimitedBodiesHaveNoLengthAtAll() {
        String http11 = response(PeerBehaviour.HTTP_CLOSE_DELIMITED_CUT, 3);
        String http10 = response(PeerBehaviour.HTTP10_CUT, 3);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nxxx", http11);
        assertEquals("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nxxx", http10);
        for (String r : new String[] {http11, http10}) {
            assertFalse(r.contains("Content-Length") || r.contains("Transfer-Encoding"), r);
        }
    }

    @Test
    void onlyHttpBehavioursHaveAResponse() {
        assertThrows(IllegalArgumentException.class, () -> HttpExchange.response(PeerBehaviour.TRUNCATE_FIN, 3));
    }

    @Test
    void requestEndIsFoundAcrossPiecesOfAnySize() {
        byte[] request = HttpExchange.request(Scenario.Http.V1_1);
        for (int piece = 1; piece <= request.length; piece++) {
            HttpExchange.RequestEnd end = new HttpExchange.RequestEnd();
            for (int off = 0; off < request.length; off += piece) {
                assertFalse(end.reached(), "reached before the last byte, pieces of " + piece);
                end.feed(request, off, Math.min(piece, request.length - off));
            }
            assertTrue(end.reached(), "pieces of " + piece);
        }
    }

    @Test
    void requestEndNeedsTheEmptyLineNotJustALineEnd() {
        HttpExchange.RequestEnd end = new HttpExchange.RequestEnd();
        byte[] lines = "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n".getBytes(StandardCharsets.US_ASCII);
        end.feed(lines, 0, lines.length - 2);
        assertFalse(end.reached());
        end.feed(lines, lines.length - 2, 2);
        // "\r\n\r\r\n": the second CR restarts the match, so the end is not there yet.
        assertFalse(end.reached());
        end.feed("\r\n".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertTrue(end.reached());
    }
}
