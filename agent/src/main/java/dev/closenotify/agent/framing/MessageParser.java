package dev.closenotify.agent.framing;

import static dev.closenotify.agent.framing.Ascii.CR;
import static dev.closenotify.agent.framing.Ascii.HTAB;
import static dev.closenotify.agent.framing.Ascii.LF;
import static dev.closenotify.agent.framing.Ascii.SP;
import static dev.closenotify.agent.framing.Ascii.isDigit;
import static dev.closenotify.agent.framing.Ascii.isTchar;
import static dev.closenotify.agent.framing.Ascii.isText;
import static dev.closenotify.agent.framing.Ascii.isWhite;

/**
 * The HTTP/1.x framing of one direction of one connection: a sequence of requests or of
 * responses, followed as far as RFC 9112 §6.3 needs to know where each message ends.
 *
 * <p>Only framing bytes are looked at one by one: start lines, header lines, chunk-size lines.
 * Body octets are skipped in bulk ({@link #skip}), so a body costs one subtraction per read. The
 * start line and the two length fields are parsed in place while the caller's bytes pass by:
 * digits become numbers, names are matched by {@link Names}, and nothing else is kept. Every
 * line is bounded ({@link #MAX_LINE}), so the state is a fixed set of primitive fields whatever
 * the input.
 *
 * <p>Anything that is not well-formed HTTP/1.x, or that RFC 9112 calls unrecoverable (several
 * differing Content-Length values, a bare CR, a length that does not fit a {@code long}), moves
 * the parser to {@link #DEAD} for good: the tracker then answers unknown. Being strict costs
 * nothing here: unknown is always a true answer, a wrong verdict is not.
 *
 * <p>One thread at a time per instance (the direction's reader or writer).
 */
final class MessageParser {

    /** Reads responses (client role); takes each final response's request from the queue. */
    static final int RESPONSES = 0;
    /** Follows the requests a client writes, noting each method in the queue. */
    static final int REQUESTS_SENT = 1;
    /** Reads requests (server role); a CONNECT request ends tracking (its tunnel follows). */
    static final int REQUESTS_RECEIVED = 2;

    /** Longest start line, header line or chunk line, CRLF excluded; longer is treated as not
     *  HTTP (servers commonly reject beyond 8 KiB). */
    static final int MAX_LINE = 8192;

    /** Before the first byte of a message (empty lines are allowed there, RFC 9112 §2.2). */
    private static final int START = 0;
    private static final int STATUS_VERSION = 1;
    private static final int STATUS_CODE = 2;
    private static final int STATUS_END = 3;
    private static final int REASON = 4;
    private static final int METHOD = 5;
    private static final int TARGET = 6;
    private static final int REQUEST_VERSION = 7;
    private static final int FIELD_START = 8;
    private static final int FIELD_NAME = 9;
    private static final int SKIP_VALUE = 10;
    private static final int LENGTH_VALUE = 11;
    private static final int CODING_VALUE = 12;
    private static final int CHUNK_SIZE = 13;
    private static final int CHUNK_SIZE_END = 14;
    private static final int CHUNK_EXT = 15;
    private static final int CHUNK_DATA_END = 16;
    private static final int TRAILER_START = 17;
    private static final int TRAILER = 18;
    /** From here on the states consume bytes in bulk; the feeding loop tests one bound. */
    static final int FIRST_BULK = 19;
    private static final int CHUNK_DATA = 19;
    private static final int LENGTH_BODY = 20;
    private static final int CLOSE_BODY = 21;
    static final int DEAD = 22;

    /** "HTTP/1." as in both start lines; the minor digit follows. */
    private static final String HTTP_1 = "HTTP/1.";

    /** Sub-states of a Content-Length value: {@code 1#DIGIT} with optional whitespace. */
    private static final int BEFORE_NUMBER = 0;
    private static final int IN_NUMBER = 1;
    private static final int AFTER_NUMBER = 2;

    /** Sub-states of a Transfer-Encoding value: {@code #transfer-coding}, each coding a token
     *  with optional parameters, whose quoted strings may hold commas. */
    private static final int BEFORE_CODING = 0;
    private static final int IN_CODING = 1;
    private static final int AFTER_CODING = 2;
    private static final int PARAMETERS = 3;
    private static final int QUOTED = 4;
    private static final int QUOTED_PAIR = 5;

    private final int mode;
    private final MethodQueue queue;

    private int state;
    /** A CR arrived; only LF may follow (a bare CR is invalid, RFC 9112 §2.2). */
    private boolean cr;
    private int lineLength;
    /** Progress inside the current token: bytes of "HTTP/1.x ", status digits, target bytes,
     *  chunk-size digits. */
    private int progress;
    /** {@link Names} state of the method, field name or transfer coding being read. */
    private int name;
    private int valueState;
    /** Whether any start line got far enough to say the stream is HTTP/1.x. */
    private boolean decided;
    /** How the last complete message was delimited (null before the first one). */
    private Framing last;

    // Per message; reset by begin().
    private int method;
    private int status;
    private int minor;
    /** The previous field line was a length field: an obs-fold line would continue it. */
    private boolean lengthField;
    private boolean lengthSeen;
    private boolean lengthInvalid;
    /** The Content-Length value, or -1 before its first element. */
    private long length;
    /** The number being parsed: a Content-Length element or a chunk size. */
    private long number;
    private boolean codingSeen;
    private boolean codingInvalid;
    private boolean anyCoding;
    private boolean lastCodingChunked;
    /** Body octets still expected: of the Content-Length body or of the current chunk. */
    private long remaining;

    MessageParser(int mode, MethodQueue queue) {
        this.mode = mode;
        this.queue = queue;
    }

    int state() {
        return state;
    }

    boolean decided() {
        return decided;
    }

    /** Between messages: nothing of the next start line read (blank lines aside). */
    boolean atStart() {
        return state == START;
    }

    /**
     * The verdict if the transport ended now, as {@link FramingTracker#pack}; {@code awaiting}
     * says that a request is still waiting for its response (client role).
     */
    int verdict(boolean awaiting) {
        switch (state) {
            case START:
                Framing f = last;
                return FramingTracker.pack(Harm.NONE,
                        awaiting || f == null ? Framing.BETWEEN_MESSAGES : f);
            case LENGTH_BODY:
                return FramingTracker.pack(Harm.DETECTED, Framing.CONTENT_LENGTH);
            case CHUNK_SIZE:
            case CHUNK_SIZE_END:
            case CHUNK_EXT:
            case CHUNK_DATA:
            case CHUNK_DATA_END:
            case TRAILER_START:
            case TRAILER:
                return FramingTracker.pack(Harm.DETECTED, Framing.CHUNKED);
            case CLOSE_BODY:
                return FramingTracker.pack(Harm.SILENT, Framing.CLOSE_DELIMITED);
            case DEAD:
                return FramingTracker.pack(Harm.UNKNOWN, Framing.UNKNOWN);
            default:
                return FramingTracker.pack(Harm.DETECTED, Framing.HEADERS);
        }
    }

    /**
     * Consumes up to {@code available} body octets at once, in a bulk state: the bytes themselves
     * are never read. Returns how many were consumed.
     */
    int skip(int available) {
        if (state == CHUNK_DATA || state == LENGTH_BODY) {
            if (remaining > available) {
                remaining -= available;
                return available;
            }
            int n = (int) remaining;
            remaining = 0;
            if (state == LENGTH_BODY) {
                complete(Framing.CONTENT_LENGTH);
            } else {
                state = CHUNK_DATA_END;
            }
            return n;
        }
        // CLOSE_BODY: everything until the close is body. DEAD: nothing matters any more.
        return available;
    }

    /** One framing byte, {@code b} in 0..255. */
    void step(int b) {
        if (cr) {
            cr = false;
            if (b == LF) {
                endLine();
            } else {
                die();
            }
            return;
        }
        if (b == CR) {
            cr = true;
            return;
        }
        if (b == LF) {
            // A bare LF ends a line too (RFC 9112 §2.2 allows recipients to accept it).
            endLine();
            return;
        }
        if (++lineLength > MAX_LINE) {
            die();
            return;
        }
        switch (state) {
            case START:
                begin(b);
                break;
            case STATUS_VERSION:
                statusVersion(b);
                break;
            case STATUS_CODE:
                statusCode(b);
                break;
            case STATUS_END:
                if (b == SP) {
                    state = REASON;
                } else {
                    die();
                }
                break;
            case REASON:
            case SKIP_VALUE:
            case CHUNK_EXT:
            case TRAILER_START:
            case TRAILER:
                if (!isText(b)) {
                    die();
                } else if (state == TRAILER_START) {
                    state = TRAILER;
                }
                break;
            case METHOD:
                methodByte(b);
                break;
            case TARGET:
                targetByte(b);
                break;
            case REQUEST_VERSION:
                requestVersion(b);
                break;
            case FIELD_START:
                fieldStart(b);
                break;
            case FIELD_NAME:
                fieldName(b);
                break;
            case LENGTH_VALUE:
                lengthByte(b);
                break;
            case CODING_VALUE:
                codingByte(b);
                break;
            case CHUNK_SIZE:
                chunkSize(b);
                break;
            case CHUNK_SIZE_END:
                if (b == ';') {
                    state = CHUNK_EXT;
                } else if (!isWhite(b)) {
                    die();
                }
                break;
            default:
                // CHUNK_DATA_END: only CRLF may follow chunk data. A bulk or dead state never
                // gets here from the feeding loop; if it did, stopping is the safe answer.
                die();
                break;
        }
    }

    private void endLine() {
        lineLength = 0;
        switch (state) {
            case START:
                break;
            case STATUS_END:
            case REASON:
                // "HTTP/1.1 200" without SP and reason is accepted, as clients do.
                state = FIELD_START;
                break;
            case REQUEST_VERSION:
                if (progress == HTTP_1.length() + 1) {
                    state = FIELD_START;
                } else {
                    die();
                }
                break;
            case FIELD_START:
                endHeaders();
                break;
            case SKIP_VALUE:
                state = FIELD_START;
                break;
            case LENGTH_VALUE:
                if (valueState == BEFORE_NUMBER) {
                    lengthInvalid = true; // empty, or a trailing comma
                } else {
                    lengthElement();
                }
                state = FIELD_START;
                break;
            case CODING_VALUE:
                if (valueState == QUOTED || valueState == QUOTED_PAIR) {
                    codingInvalid = true;
                } else if (valueState != BEFORE_CODING) {
                    endCoding();
                }
                state = FIELD_START;
                break;
            case CHUNK_SIZE:
                if (progress == 0) {
                    die();
                } else {
                    endChunkLine();
                }
                break;
            case CHUNK_SIZE_END:
            case CHUNK_EXT:
                endChunkLine();
                break;
            case CHUNK_DATA_END:
                state = CHUNK_SIZE;
                progress = 0;
                remaining = 0;
                break;
            case TRAILER_START:
                complete(Framing.CHUNKED);
                break;
            case TRAILER:
                state = TRAILER_START;
                break;
            default:
                // The line ended inside a version, status code, method, target or field name.
                die();
                break;
        }
    }

    private void begin(int b) {
        method = Names.NONE;
        status = 0;
        minor = 0;
        lengthField = false;
        lengthSeen = false;
        lengthInvalid = false;
        length = -1;
        codingSeen = false;
        codingInvalid = false;
        anyCoding = false;
        lastCodingChunked = false;
        remaining = 0;
        progress = 0;
        if (mode == RESPONSES) {
            if (b == HTTP_1.charAt(0)) {
                state = STATUS_VERSION;
                progress = 1;
            } else {
                die();
            }
        } else if (isTchar(b)) {
            state = METHOD;
            name = Names.first(Names.METHODS, b);
        } else {
            die();
        }
    }

    /** "HTTP/1." DIGIT SP, {@code progress} bytes of it matched so far. */
    private void statusVersion(int b) {
        if (progress < HTTP_1.length()) {
            if (b != HTTP_1.charAt(progress)) {
                die();
            } else if (++progress == HTTP_1.length()) {
                decided = true;
            }
        } else if (progress == HTTP_1.length()) {
            if (isDigit(b)) {
                minor = b - '0';
                progress++;
            } else {
                die();
            }
        } else if (b == SP) {
            state = STATUS_CODE;
            progress = 0;
        } else {
            die();
        }
    }

    private void statusCode(int b) {
        if (!isDigit(b) || (progress == 0 && b == '0')) {
            die();
            return;
        }
        status = status * 10 + (b - '0');
        if (++progress == 3) {
            state = STATUS_END;
        }
    }

    private void methodByte(int b) {
        if (isTchar(b)) {
            name = Names.next(name, b);
        } else if (b == SP) {
            // A token and SP at the start of a request: the stream is taken to be HTTP/1.x.
            method = Names.matched(name);
            decided = true;
            if (mode == REQUESTS_SENT) {
                // Noted now, not at the end of the request: its response cannot come before the
                // request line was written.
                queue.note(method);
            }
            state = TARGET;
            progress = 0;
        } else {
            die();
        }
    }

    private void targetByte(int b) {
        if (b == SP && progress > 0) {
            state = REQUEST_VERSION;
            progress = 0;
        } else if (b > SP && b != 0x7F) {
            progress = 1;
        } else {
            die();
        }
    }

    /** "HTTP/1." DIGIT, then only the line end. */
    private void requestVersion(int b) {
        if (progress < HTTP_1.length()) {
            if (b == HTTP_1.charAt(progress)) {
                progress++;
            } else {
                die();
            }
        } else if (progress == HTTP_1.length() && isDigit(b)) {
            minor = b - '0';
            progress++;
        } else {
            die();
        }
    }

    private void fieldStart(int b) {
        if (isWhite(b)) {
            // obs-fold, or whitespace before the first field (RFC 9112 §2.2, §5.2): such a line
            // is consumed unread, unless it would continue a length field, whose value would then
            // depend on how the application unfolds it.
            if (lengthField) {
                die();
            } else {
                state = SKIP_VALUE;
            }
        } else if (isTchar(b)) {
            name = Names.first(Names.FIELDS, b);
            state = FIELD_NAME;
        } else {
            die();
        }
    }

    private void fieldName(int b) {
        if (isTchar(b)) {
            name = Names.next(name, b);
            return;
        }
        if (b != ':') {
            // Whitespace before the colon is a known smuggling vector (RFC 9112 §5.1).
            die();
            return;
        }
        int id = Names.matched(name);
        lengthField = id != Names.NONE;
        valueState = 0;
        if (id == Names.CONTENT_LENGTH) {
            lengthSeen = true;
            state = LENGTH_VALUE;
        } else if (id == Names.TRANSFER_ENCODING) {
            codingSeen = true;
            state = CODING_VALUE;
        } else {
            state = SKIP_VALUE;
        }
    }

    /**
     * One byte of a Content-Length value. A comma list of identical values is accepted, as RFC
     * 9112 §6.3 allows; anything else that is not a decimal number marks the length invalid.
     */
    private void lengthByte(int b) {
        if (!isText(b)) {
            die();
        } else if (isDigit(b)) {
            if (valueState == AFTER_NUMBER) {
                invalidLength();
                return;
            }
            if (valueState == BEFORE_NUMBER) {
                number = 0;
                valueState = IN_NUMBER;
            }
            int digit = b - '0';
            if (number > (Long.MAX_VALUE - digit) / 10) {
                invalidLength(); // overflow: no body is that long, and no client agrees on it
                return;
            }
            number = number * 10 + digit;
        } else if (isWhite(b)) {
            if (valueState == IN_NUMBER) {
                valueState = AFTER_NUMBER;
            }
        } else if (b == ',' && valueState != BEFORE_NUMBER) {
            lengthElement();
            valueState = BEFORE_NUMBER;
        } else {
            invalidLength();
        }
    }

    private void invalidLength() {
        lengthInvalid = true;
        state = SKIP_VALUE;
    }

    private void lengthElement() {
        if (length < 0) {
            length = number;
        } else if (length != number) {
            lengthInvalid = true;
        }
    }

    /** One byte of a Transfer-Encoding value: only whether the last coding is chunked counts. */
    private void codingByte(int b) {
        if (!isText(b)) {
            die();
            return;
        }
        switch (valueState) {
            case BEFORE_CODING:
                if (isTchar(b)) {
                    name = Names.first(Names.CODINGS, b);
                    valueState = IN_CODING;
                } else if (!isWhite(b) && b != ',') {
                    invalidCoding();
                }
                break;
            case IN_CODING:
                if (isTchar(b)) {
                    name = Names.next(name, b);
                } else {
                    afterCoding(b);
                }
                break;
            case AFTER_CODING:
                afterCoding(b);
                break;
            case PARAMETERS:
                if (b == '"') {
                    valueState = QUOTED;
                } else if (b == ',') {
                    endCoding();
                    valueState = BEFORE_CODING;
                }
                break;
            case QUOTED:
                if (b == '\\') {
                    valueState = QUOTED_PAIR;
                } else if (b == '"') {
                    valueState = PARAMETERS;
                }
                break;
            default:
                valueState = QUOTED;
                break;
        }
    }

    private void afterCoding(int b) {
        if (isWhite(b)) {
            valueState = AFTER_CODING;
        } else if (b == ';') {
            valueState = PARAMETERS;
        } else if (b == ',') {
            endCoding();
            valueState = BEFORE_CODING;
        } else {
            invalidCoding();
        }
    }

    private void endCoding() {
        anyCoding = true;
        lastCodingChunked = Names.matched(name) == Names.CHUNKED;
    }

    private void invalidCoding() {
        codingInvalid = true;
        state = SKIP_VALUE;
    }

    private void chunkSize(int b) {
        int digit = Ascii.hexValue(b);
        if (digit >= 0) {
            if (remaining > Long.MAX_VALUE >>> 4) {
                die(); // overflow
                return;
            }
            remaining = remaining << 4 | digit;
            progress++;
        } else if (progress > 0 && isWhite(b)) {
            state = CHUNK_SIZE_END;
        } else if (progress > 0 && b == ';') {
            state = CHUNK_EXT;
        } else {
            die();
        }
    }

    private void endChunkLine() {
        state = remaining == 0 ? TRAILER_START : CHUNK_DATA;
    }

    /** RFC 9112 §6.3, in its order: the first rule that applies decides the body. */
    private void endHeaders() {
        if (mode == RESPONSES) {
            if (status < 200) {
                if (status == 101) {
                    die(); // Switching Protocols: what follows is not HTTP/1.x
                } else {
                    state = START; // interim: the real response follows, for the same request
                }
                return;
            }
            int request = queue.take();
            if (request == MethodQueue.EMPTY) {
                // A response to no request we saw: a write path not tracked, or a response the
                // server sent unasked. Either way HEAD or not cannot be told.
                die();
                return;
            }
            if (request == Names.CONNECT && status / 100 == 2) {
                die(); // a tunnel
                return;
            }
            if (request == Names.HEAD || status == 204 || status == 304) {
                complete(Framing.NO_BODY);
                return;
            }
        } else if (mode == REQUESTS_RECEIVED && method == Names.CONNECT) {
            die(); // a tunnel if the server agrees; we do not read its answer
            return;
        }
        if (codingSeen) {
            // An HTTP/1.0 message with Transfer-Encoding has faulty framing (RFC 9112 §6.1).
            if (codingInvalid || !anyCoding || minor == 0) {
                die();
            } else if (lastCodingChunked) {
                state = CHUNK_SIZE;
                progress = 0;
                remaining = 0;
            } else if (mode == RESPONSES) {
                state = CLOSE_BODY;
            } else {
                die(); // a request whose length cannot be determined: the server must reject it
            }
            return;
        }
        if (lengthSeen) {
            if (lengthInvalid) {
                die();
            } else if (length == 0) {
                complete(Framing.CONTENT_LENGTH);
            } else {
                remaining = length;
                state = LENGTH_BODY;
            }
            return;
        }
        if (mode == RESPONSES) {
            state = CLOSE_BODY;
        } else {
            complete(Framing.NO_BODY); // a request is never close-delimited
        }
    }

    private void complete(Framing framing) {
        last = framing;
        state = START;
    }

    private void die() {
        state = DEAD;
    }
}
