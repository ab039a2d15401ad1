package dev.closenotify.demo;

/**
 * How the test server ends a connection after sending the response. Each value is one way a
 * real server or middlebox ends a TLS connection, correct or not; see {@link EnginePeer}.
 */
public enum PeerBehaviour {
    /** Response, close_notify, then wait for the client to close first. */
    CLEAN_CLOSE,
    /** Response, close_notify and FIN back to back: the correct close most servers do. */
    CLOSE_NOTIFY_WITH_FIN,
    /** Response as complete records, then FIN without close_notify: the classic truncation. */
    TRUNCATE_FIN,
    /** Response, then half a record, then FIN: truncation that even cuts a record. */
    TRUNCATE_MID_RECORD,
    /** Response, then RST instead of any close. */
    TRUNCATE_RST,
    /** FIN right after the ClientHello arrived: the handshake never completes. */
    HANDSHAKE_EOF,
    /** Response, then wait for the client's close_notify and answer with a bare FIN. */
    LOCAL_CLOSE_FIRST,
    /** Response, close_notify, then keep reading: TLS 1.3 allows the client to go on writing. */
    TLS13_HALF_CLOSE,
    /** HTTP/1.1 response with Content-Length, body complete, then FIN without close_notify. */
    HTTP_LENGTH_COMPLETE(true),
    /** HTTP/1.1 response with Content-Length, body cut short, then FIN. */
    HTTP_LENGTH_CUT(true),
    /** HTTP/1.1 chunked response, whole chunks but no last chunk, then FIN. */
    HTTP_CHUNKED_CUT(true),
    /** HTTP/1.1 response with Connection: close and no length, then FIN: nothing shows the cut. */
    HTTP_CLOSE_DELIMITED_CUT(true),
    /** HTTP/1.0 response without length, then FIN: nothing shows the cut either. */
    HTTP10_CUT(true);

    private final boolean http;

    PeerBehaviour() {
        this(false);
    }

    PeerBehaviour(boolean http) {
        this.http = http;
    }

    /** Whether the peer reads an HTTP request and answers with an HTTP response. */
    boolean http() {
        return http;
    }
}
