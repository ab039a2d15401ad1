package dev.closenotify.agent.config;

import dev.closenotify.agent.util.Text;

/**
 * One home for what a boolean option's value means and how any bad value is said (the policy's
 * parser is {@link Policy#parse}), shared by start-up parsing ({@link AgentOptions}) and the
 * values re-read at every event ({@link PolicySource}).
 */
final class Values {

    static final String BOOLEAN_EXPECTED = "true|false";

    private Values() {
    }

    /** {@code true} or {@code false}, surrounding blanks ignored; null for anything else. */
    static Boolean bool(String value) {
        String trimmed = value.trim();
        if (trimmed.equals("true")) {
            return Boolean.TRUE;
        }
        return trimmed.equals("false") ? Boolean.FALSE : null;
    }

    /** The one message for a bad value: the input, the value, what was expected, what is used. */
    static String invalid(String input, String value, String expected, String used) {
        return "invalid value '" + Text.printable(value) + "' for " + input + " (expected "
                + expected + "); using '" + used + "'";
    }

    static String invalidPolicy(String input, String value, Policy used) {
        return invalid(input, value, Policy.EXPECTED, used.id());
    }
}
