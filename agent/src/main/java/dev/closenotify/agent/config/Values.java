package dev.closenotify.agent.config;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.util.Text;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One home for what a boolean, on/off or harm-list option's value means and how any bad value is
 * said (the policy's parser is {@link Policy#parse}), shared by start-up parsing
 * ({@link AgentOptions}) and the values re-read at every event ({@link PolicySource}).
 */
final class Values {

    static final String BOOLEAN_EXPECTED = "true|false";
    static final String ON_OFF_EXPECTED = "on|off";
    /** ';' too: in an agent argument ',' already separates the arguments. */
    static final String HARMS_EXPECTED = "one or more of " + ids(EnumSet.allOf(Harm.class))
            + ", separated by ',' or ';'";

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

    /** {@code on} or {@code off}, surrounding blanks ignored; null for anything else. */
    static Boolean onOff(String value) {
        String trimmed = value.trim();
        if (trimmed.equals("on")) {
            return Boolean.TRUE;
        }
        return trimmed.equals("off") ? Boolean.FALSE : null;
    }

    /**
     * Harm ids separated by ',' or ';', blanks around each ignored, repeats harmless; null when
     * any item is not an id, an item is empty or nothing is listed. An empty list is refused
     * rather than read as "throw for nothing": that is {@code policy=log}, and an empty value is
     * far more often an unset variable in a start script than a choice.
     */
    static Set<Harm> harms(String value) {
        if (value.trim().isEmpty()) {
            return null;
        }
        EnumSet<Harm> harms = EnumSet.noneOf(Harm.class);
        for (String item : value.split("[,;]", -1)) {
            Harm harm = Harm.byId(item.trim());
            if (harm == null) {
                return null;
            }
            harms.add(harm);
        }
        return Collections.unmodifiableSet(harms);
    }

    /** The set as users write it, in the enum's order: {@code silent,unknown}. */
    static String ids(Set<Harm> harms) {
        StringBuilder out = new StringBuilder();
        for (Harm harm : Harm.values()) {
            if (harms.contains(harm)) {
                out.append(out.length() == 0 ? "" : ",").append(harm.id());
            }
        }
        return out.toString();
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
