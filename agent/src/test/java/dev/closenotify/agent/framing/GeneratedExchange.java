package dev.closenotify.agent.framing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated connection: the bytes of each direction and, for the reference model, what the
 * generator meant them to be: where each inbound message starts, where its header block and its
 * body end, and how its body is delimited. Nothing here is derived by parsing.
 */
final class GeneratedExchange {

    /** How a generated inbound message ends, as the generator built it. */
    enum Kind {
        /** A 1xx other than 101: no body, and the real response follows. */
        INTERIM(null),
        NO_BODY(Framing.NO_BODY),
        CONTENT_LENGTH(Framing.CONTENT_LENGTH),
        CHUNKED(Framing.CHUNKED),
        CLOSE_DELIMITED(Framing.CLOSE_DELIMITED),
        /** 101, a 2xx to CONNECT, or a CONNECT request read by a server: not HTTP after it. */
        SWITCH(null);

        final Framing framing;

        Kind(Framing framing) {
            this.framing = framing;
        }
    }

    /** One inbound message. Offsets are into {@link #inbound()}. */
    static final class Message {
        final int start;
        /** The first offset at which the start line so far says HTTP/1.x. */
        final int decideAt;
        int headersEnd;
        /** After the body; for close-delimited, beyond the stream. */
        long end;
        Kind kind;
        /** A final response (or a request): pairs with a request, unlike 1xx. */
        boolean takesRequest;

        Message(int start, int decideAt) {
            this.start = start;
            this.decideAt = decideAt;
        }

        @Override
        public String toString() {
            return kind + "@" + start + ".." + headersEnd + ".." + (end > 1L << 40 ? "EOF" : end);
        }
    }

    /** One request written by the client: its bytes in {@link #outbound()}, written just before
     *  the inbound byte at {@code writeAt} is read. */
    static final class Request {
        final int outStart;
        final int outEnd;
        int writeAt;

        Request(int outStart, int outEnd) {
            this.outStart = outStart;
            this.outEnd = outEnd;
        }
    }

    final Role role;
    final String alpn;
    final List<Message> messages = new ArrayList<>();
    final List<Request> requests = new ArrayList<>();
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private byte[] inBytes;
    private byte[] outBytes;

    GeneratedExchange(Role role, String alpn) {
        this.role = role;
        this.alpn = alpn;
    }

    int inPosition() {
        return in.size();
    }

    int outPosition() {
        return out.size();
    }

    void in(String s) {
        in.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void in(byte[] b) {
        in.writeBytes(b);
    }

    void out(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void out(byte[] b) {
        out.writeBytes(b);
    }

    byte[] inbound() {
        if (inBytes == null) {
            inBytes = in.toByteArray();
        }
        return inBytes;
    }

    byte[] outbound() {
        if (outBytes == null) {
            outBytes = out.toByteArray();
        }
        return outBytes;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(role.id()).append(" alpn=").append(alpn)
                .append(" messages=").append(messages).append(" writes=[");
        for (Request r : requests) {
            s.append(r.writeAt).append(' ');
        }
        return s.append("] inbound=").append(inbound().length).toString();
    }
}
