package dev.closenotify.agent.framing;

/**
 * The byte classes of RFC 9110/9112 that framing needs. Bytes are passed as {@code int} 0..255
 * (masked by the caller) so that obs-text (0x80..0xFF) compares as the RFC means it.
 */
final class Ascii {

    static final int CR = '\r';
    static final int LF = '\n';
    static final int SP = ' ';
    static final int HTAB = '\t';

    /** tchar (RFC 9110 §5.6.2) as two 64-bit sets: one shift and mask per byte, no table. */
    private static final long TCHAR_LOW;
    private static final long TCHAR_HIGH;

    static {
        long low = 0;
        long high = 0;
        String tchars = "!#$%&'*+-.^_`|~0123456789"
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < tchars.length(); i++) {
            int c = tchars.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else {
                high |= 1L << (c - 64);
            }
        }
        TCHAR_LOW = low;
        TCHAR_HIGH = high;
    }

    private Ascii() {
    }

    static boolean isTchar(int b) {
        if (b < 64) {
            return (TCHAR_LOW >>> b & 1) != 0;
        }
        return b < 128 && (TCHAR_HIGH >>> (b - 64) & 1) != 0;
    }

    static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    /** The value of a hex digit, or -1. */
    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int c = b | 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    static boolean isWhite(int b) {
        return b == SP || b == HTAB;
    }

    /**
     * A byte allowed inside a field value, reason phrase, chunk extension or trailer (HTAB, SP,
     * VCHAR, obs-text). A control byte, NUL above all, means the stream is not HTTP any more:
     * recipients must reject it, so the tracker stops following.
     */
    static boolean isText(int b) {
        return b >= 0x20 ? b != 0x7F : b == HTAB;
    }

    static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
