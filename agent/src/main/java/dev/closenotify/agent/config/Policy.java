package dev.closenotify.agent.config;

import java.util.Locale;

/** What the agent does when a TLS peer closes without close_notify. */
public enum Policy {
    /** Install nothing (at start-up) or ignore events (at run time). */
    OFF,
    /** Update the counters only. */
    COUNT,
    /** Counters plus one log line per event. */
    LOG,
    /** As {@link #LOG}, and a truncated socket read fails instead of returning -1. */
    THROW;

    public static final String EXPECTED = "off|count|log|throw";

    /** The lower-case name users write. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user-written value exactly as documented (lower case, surrounding blanks ignored). */
    public static Policy parse(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        for (Policy policy : values()) {
            if (policy.id().equals(trimmed)) {
                return policy;
            }
        }
        return null;
    }

    public boolean logs() {
        return this == LOG || this == THROW;
    }
}
