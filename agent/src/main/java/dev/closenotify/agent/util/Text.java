package dev.closenotify.agent.util;

/** Turning values the agent did not choose (user input, peer names) into safe message text. */
public final class Text {

    private Text() {
    }

    /**
     * Keeps user input to one visible, short piece of a message: C0 and C1 controls (terminal
     * escapes), line and paragraph separators, invisible format characters (bidi overrides,
     * zero-width) and lone surrogates are escaped as {@code \\uXXXX}; long input is cut.
     */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 80);
        if (limit < value.length() && Character.isHighSurrogate(value.charAt(limit - 1))) {
            limit--; // Never cut a surrogate pair in two.
        }
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < limit
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (invisible(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || Character.isSurrogate(c)
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }
}
