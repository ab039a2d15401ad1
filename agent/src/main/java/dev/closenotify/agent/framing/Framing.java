package dev.closenotify.agent.framing;

/**
 * The framing rule behind a {@link Harm} verdict: how the message in flight is delimited, or,
 * at a message boundary, how the last message ended.
 */
public enum Framing {
    /** A body of Content-Length octets: cut short if in flight, complete at a boundary. */
    CONTENT_LENGTH("content-length"),
    /** A chunked body: cut if its last chunk and trailers had not all arrived. */
    CHUNKED("chunked"),
    /** A response body that lasts until the connection closes (the silent case). */
    CLOSE_DELIMITED("close-delimited"),
    /** The last message had no body (1xx handled, 204, 304, the response to HEAD, a request
     *  with neither length header). */
    NO_BODY("no-body"),
    /** No message had begun: nothing seen yet, or the next response was awaited. */
    BETWEEN_MESSAGES("between-messages"),
    /** Added value: the cut fell inside a start line or a header block, before the body's
     *  length was known; none of the body values would be true, and any HTTP parser fails on
     *  an incomplete header block, so it always goes with {@link Harm#DETECTED}. */
    HEADERS("headers"),
    /** HTTP/2 (ALPN h2): every frame carries its length. */
    H2("h2"),
    /** Goes with {@link Harm#UNKNOWN}. */
    UNKNOWN("unknown");

    /** values() clones its array on every call; the verdict path must not allocate. */
    private static final Framing[] BY_ORDINAL = values();

    private final String id;

    Framing(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Framing byOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
