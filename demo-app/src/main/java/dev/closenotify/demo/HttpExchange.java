package dev.closenotify.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.x side of the HTTP scenarios: the request the client writes and the response the
 * peer sends before its bare FIN. Each response differs only in how its body is delimited
 * (RFC 9112 section 6.3), because that alone decides whether the application could notice the cut.
 */
final class HttpExchange {

    /**
     * How many body bytes a cut Content-Length response promises beyond those it sends: enough
     * that no client can mistake it for complete, and unrelated to {@code --bytes} so that
     * {@code --bytes 0} still cuts something.
     */
    static final int MISSING_BODY_BYTES = 512;

    private HttpExchange() {
    }

    /**
     * A GET for {@code /demo} (with the payload marker as its query, when one is set, so the
     * privacy tests see it cross HTTP connections too) in the given version, with the Host
     * header HTTP/1.1 requires.
     */
    static byte[] request(Scenario.Http http) {
        byte[] marker = Payload.marker();
        String target = marker == null ? "/demo" : "/demo?" + new String(marker, StandardCharsets.UTF_8);
        return ("GET " + target + " " + http.version() + "\r\nHost: localhost\r\n" + noteHeader()
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * With a payload marker set, a header that carries it ({@code X-Demo-Note}), so that the
     * privacy tests see the marker in header values too, where the agent's framing tracker
     * parses; empty otherwise.
     */
    private static String noteHeader() {
        byte[] marker = Payload.marker();
        return marker == null ? "" : "X-Demo-Note: " + new String(marker, StandardCharsets.UTF_8) + "\r\n";
    }

    /** With a marker, a chunk extension that carries it ({@code ;note=...}); empty otherwise. */
    private static String chunkExtension() {
        byte[] marker = Payload.marker();
        return marker == null ? "" : ";note=" + new String(marker, StandardCharsets.UTF_8);
    }

    /**
     * The whole response the peer sends before its FIN: headers, then {@code bodyBytes} body
     * bytes ({@link Payload#response}) framed as the behaviour says.
     */
    static byte[] response(PeerBehaviour behaviour, int bodyBytes) {
        byte[] body = Payload.response(bodyBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (behaviour) {
            case HTTP_LENGTH_COMPLETE -> {
                ascii(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + noteHeader()
                        + "Content-Length: " + bodyBytes + "\r\n\r\n");
                out.writeBytes(body);
            }
            case HTTP_LENGTH_CUT -> {
                ascii(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + noteHeader()
                        + "Content-Length: " + (bodyBytes + MISSING_BODY_BYTES) + "\r\n\r\n");
                out.writeBytes(body);
            }
            case HTTP_CHUNKED_CUT -> {
                ascii(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + noteHeader()
                        + "Transfer-Encoding: chunked\r\n\r\n");
                // A chunk of size 0 is the last chunk, the very thing that must be missing: with
                // no body bytes the cut falls right after the headers.
                if (bodyBytes > 0) {
                    ascii(out, Integer.toHexString(bodyBytes) + chunkExtension() + "\r\n");
                    out.writeBytes(body);
                    ascii(out, "\r\n");
                }
            }
            case HTTP_CLOSE_DELIMITED_CUT -> {
                ascii(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + noteHeader()
                        + "Connection: close\r\n\r\n");
                out.writeBytes(body);
            }
            case HTTP10_CUT -> {
                ascii(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n" + noteHeader() + "\r\n");
                out.writeBytes(body);
            }
            default -> throw new IllegalArgumentException("not an HTTP behaviour: " + behaviour);
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Finds the end of a request's header block (CRLF CRLF) in plaintext arriving in pieces of
     * any size, keeping only how much of that sequence it has seen: the peer must answer only
     * once the whole request is in, or the client's request and our response would race.
     */
    static final class RequestEnd {
        private static final byte[] END = {'\r', '\n', '\r', '\n'};
        private int matched;

        void feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length && matched < END.length; i++) {
                byte b = bytes[i];
                if (b == END[matched]) {
                    matched++;
                } else {
                    // CR is the only byte that can restart the sequence.
                    matched = b == '\r' ? 1 : 0;
                }
            }
        }

        boolean reached() {
            return matched == END.length;
        }
    }
}
