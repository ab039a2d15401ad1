package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small helpers to feed text to a tracker and to state verdicts in one line. */
final class Wire {

    private Wire() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static FramingTracker client() {
        return new FramingTracker(Role.CLIENT, null);
    }

    static FramingTracker server() {
        return new FramingTracker(Role.SERVER, null);
    }

    static FramingTracker in(FramingTracker t, String s) {
        byte[] b = bytes(s);
        t.inbound(b, 0, b.length);
        return t;
    }

    static FramingTracker out(FramingTracker t, String s) {
        byte[] b = bytes(s);
        t.outbound(b, 0, b.length);
        return t;
    }

    /** Feeds one byte per call: every split point of the text is a read boundary. */
    static FramingTracker inByteByByte(FramingTracker t, String s) {
        byte[] b = bytes(s);
        for (int i = 0; i < b.length; i++) {
            t.inbound(b, i, 1);
        }
        return t;
    }

    /** Feeds through a direct buffer, the bytes in the middle of it, to check absolute reads. */
    static FramingTracker inDirect(FramingTracker t, String s) {
        byte[] b = bytes(s);
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length + 10);
        buf.position(5);
        buf.put(b);
        buf.position(3).limit(b.length + 7);
        t.inbound(buf, 5, b.length);
        assertEquals(3, buf.position());
        assertEquals(b.length + 7, buf.limit());
        return t;
    }

    static void verdict(FramingTracker t, Harm harm, Framing framing) {
        assertEquals(harm.id() + " " + framing.id(), t.harm().id() + " " + t.framing().id(),
                t.toString());
    }

    /**
     * Feeds {@code s} inbound one byte at a time and checks the sequence of verdicts seen after
     * each byte, each run of equal verdicts written once, as "harm framing": every split point
     * of the text is a cut point.
     */
    static void verdictRuns(FramingTracker t, String s, String... expectedRuns) {
        StringBuilder runs = new StringBuilder();
        String previous = null;
        byte[] b = bytes(s);
        for (int i = 0; i < b.length; i++) {
            t.inbound(b, i, 1);
            String v = t.harm().id() + " " + t.framing().id();
            if (!v.equals(previous)) {
                runs.append(previous == null ? "" : " | ").append(v);
                previous = v;
            }
        }
        assertEquals(String.join(" | ", expectedRuns), runs.toString());
    }
}
