package dev.closenotify.agent.framing;

/**
 * Matches the few names framing depends on, one byte at a time, so that a name split across any
 * number of reads is still recognised, without copying a byte of it.
 *
 * <p>The whole progress is one {@code int}: the candidate's id in the high half, the number of
 * bytes matched so far in the low half, or {@link #NONE} once the input left every candidate.
 * Within a group no two names share a first byte, so the first byte alone picks the candidate
 * and the state never has to hold more than one. Header names and transfer codings compare
 * case-insensitively (RFC 9110 §5.1, §10.1.4); methods are case-sensitive (RFC 9110 §9.1).
 */
final class Names {

    static final int NONE = 0;

    static final int CONTENT_LENGTH = 1;
    static final int TRANSFER_ENCODING = 2;
    static final int CHUNKED = 3;
    static final int HEAD = 4;
    static final int CONNECT = 5;

    /** Groups: a range of ids that can occur at the same place in a message. */
    static final int FIELDS = 0;
    static final int CODINGS = 1;
    static final int METHODS = 2;

    private static final int[] GROUP_FIRST = {CONTENT_LENGTH, CHUNKED, HEAD};
    private static final int[] GROUP_LAST = {TRANSFER_ENCODING, CHUNKED, CONNECT};

    /** Case-insensitive names are held in lower case. */
    private static final String[] TEXT = {
        "", "content-length", "transfer-encoding", "chunked", "HEAD", "CONNECT"
    };

    private static final int LAST_CASE_INSENSITIVE = CHUNKED;

    private Names() {
    }

    /** The state after the first byte of a name in {@code group}. */
    static int first(int group, int b) {
        for (int id = GROUP_FIRST[group]; id <= GROUP_LAST[group]; id++) {
            if (fold(id, b) == TEXT[id].charAt(0)) {
                return id << 16 | 1;
            }
        }
        return NONE;
    }

    /** The state after one more byte of the name. */
    static int next(int state, int b) {
        if (state == NONE) {
            return NONE;
        }
        int id = state >>> 16;
        int matched = state & 0xFFFF;
        String text = TEXT[id];
        if (matched < text.length() && fold(id, b) == text.charAt(matched)) {
            return state + 1;
        }
        return NONE;
    }

    /** The id of the name if the input so far is exactly that name, else {@link #NONE}. */
    static int matched(int state) {
        int id = state >>> 16;
        return state != NONE && (state & 0xFFFF) == TEXT[id].length() ? id : NONE;
    }

    private static int fold(int id, int b) {
        return id <= LAST_CASE_INSENSITIVE ? Ascii.lower(b) : b;
    }
}
