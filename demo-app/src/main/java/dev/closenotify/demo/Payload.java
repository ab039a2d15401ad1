package dev.closenotify.demo;

import dev.closenotify.demo.engine.EnginePump;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application data the demo sends: a short request from the client, {@code appBytes} bytes
 * of response from the peer (for the HTTP scenarios, the request and the response body; see
 * {@link HttpExchange}).
 *
 * <p>For the tests that prove the agent never reports application data, the system property
 * {@value #MARKER_PROPERTY} puts a marker into both: the request carries it once, the response is
 * the marker repeated. Each side then checks whether the plaintext it received contained the
 * marker and counts the connections where it did ({@link #summary()}), so a test can tell that
 * the marker really crossed every connection without the demo ever printing it.
 */
public final class Payload {

    static final String MARKER_PROPERTY = "demo.payload.marker";

    private static final byte[] DEFAULT_REQUEST = "GET /demo\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte FILLER = 'x';

    private static final AtomicInteger CLIENT_SAW = new AtomicInteger();
    private static final AtomicInteger PEER_SAW = new AtomicInteger();

    private Payload() {
    }

    /** The marker's bytes, or null when none is set. Read on every use: tests may set it late. */
    static byte[] marker() {
        String marker = System.getProperty(MARKER_PROPERTY);
        return marker == null || marker.isEmpty() ? null : marker.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] request() {
        byte[] marker = marker();
        if (marker == null) {
            return DEFAULT_REQUEST.clone();
        }
        byte[] prefix = "GET /demo?".getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(prefix, prefix.length + marker.length + 1);
        System.arraycopy(marker, 0, request, prefix.length, marker.length);
        request[request.length - 1] = '\n';
        return request;
    }

    /** What a scenario's client writes: an HTTP request for the HTTP rows, else {@link #request()}. */
    static byte[] request(Scenario scenario) {
        return scenario.http() == Scenario.Http.NONE ? request() : HttpExchange.request(scenario.http());
    }

    public static byte[] response(int appBytes) {
        byte[] response = new byte[appBytes];
        byte[] marker = marker();
        if (marker == null) {
            Arrays.fill(response, FILLER);
        } else {
            for (int i = 0; i < appBytes; i++) {
                response[i] = marker[i % marker.length];
            }
        }
        return response;
    }

    /** A scanner for one connection's received plaintext, or null when no marker is set. */
    static Scanner scanner() {
        byte[] marker = marker();
        return marker == null ? null : new Scanner(marker);
    }

    /** Where an engine end hands its received plaintext: to the scanner, or nowhere. */
    static EnginePump.Plaintext sink(Scanner scanner) {
        return scanner == null ? EnginePump.Plaintext.DISCARD : scanner::feed;
    }

    /** Counts a client connection whose received plaintext contained the marker. */
    static void clientDone(Scanner scanner) {
        if (scanner != null && scanner.found()) {
            CLIENT_SAW.incrementAndGet();
        }
    }

    /** Counts a peer connection whose received request contained the marker. */
    static void peerDone(Scanner scanner) {
        if (scanner != null && scanner.found()) {
            PEER_SAW.incrementAndGet();
        }
    }

    static void resetCounts() {
        CLIENT_SAW.set(0);
        PEER_SAW.set(0);
    }

    /** {@code PAYLOAD marker client=N peer=M}, or null when no marker is set. */
    static String summary() {
        return marker() == null ? null
                : "PAYLOAD marker client=" + CLIENT_SAW.get() + " peer=" + PEER_SAW.get();
    }

    /** Finds the marker in a stream of plaintext chunks, also across chunk boundaries. */
    static final class Scanner {
        private final byte[] marker;
        private byte[] tail = new byte[0];
        private boolean found;

        Scanner(byte[] marker) {
            this.marker = marker;
        }

        void feed(byte[] bytes, int offset, int length) {
            if (found || length <= 0) {
                return;
            }
            byte[] window = Arrays.copyOf(tail, tail.length + length);
            System.arraycopy(bytes, offset, window, tail.length, length);
            found = indexOf(window, marker) >= 0;
            int keep = Math.min(marker.length - 1, window.length);
            tail = Arrays.copyOfRange(window, window.length - keep, window.length);
        }

        boolean found() {
            return found;
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
