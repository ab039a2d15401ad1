package dev.closenotify.agent.framing;

/**
 * Whether a transport EOF without close_notify, arriving now, could have cut a message without
 * the application noticing. Only the message framing decides it: the tracker never sees what the
 * application did with the bytes.
 */
public enum Harm {
    /** By the protocol's framing every message had ended, or none had begun. */
    NONE("none"),
    /** A self-delimited message was cut: the application's own parser sees it end early. */
    DETECTED("detected"),
    /** A close-delimited response was in flight: the application takes the cut body as whole.
     *  This is the truncation attack. */
    SILENT("silent"),
    /** Not HTTP, the stream stopped making sense, the protocol switched, or the bounded state
     *  could not follow. */
    UNKNOWN("unknown");

    /** values() clones its array on every call; the verdict path must not allocate. */
    private static final Harm[] BY_ORDINAL = values();

    private final String id;

    Harm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The harm a user wrote by its {@link #id()} (exact, no trimming), or null for any other text. */
    public static Harm byId(String id) {
        if (id == null) {
            return null;
        }
        for (Harm harm : BY_ORDINAL) {
            if (harm.id.equals(id)) {
                return harm;
            }
        }
        return null;
    }

    static Harm byOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
