package dev.closenotify.agent.weave.hook;

/**
 * Names of the fields the agent adds to tracked classes when they first load, to know how much
 * application data moved and when. Plain {@code long}s written on the I/O path: no allocation, no
 * lookups, just a {@code System.nanoTime()} per read or write call. One reference, {@link #WATCH},
 * holds the connection's framing watch, set once at construction.
 *
 * <p>Fields cannot be added to a class that is already loaded (a live attach), so there the
 * exchange state is reported as unknown.
 */
public final class TrackingFields {

    public static final String CREATED = "closenotify$createdNanos";
    public static final String LAST_IN = "closenotify$lastInNanos";
    public static final String BYTES_IN = "closenotify$bytesIn";
    public static final String LAST_OUT = "closenotify$lastOutNanos";
    public static final String BYTES_OUT = "closenotify$bytesOut";
    /** The connection's {@code AppDataWatch}, typed Object: its type is the bridge's, on the boot
     *  path, which a JDK class's field descriptor should not name. */
    public static final String WATCH = "closenotify$watch";
    public static final String WATCH_DESCRIPTOR = "Ljava/lang/Object;";
    /** 0 until one hook has taken the connection's EOF (see {@code JsseEngines.claim}): two
     *  hooks that see the same EOF (a library's and the engine's) give one event. */
    public static final String CLAIMED = "closenotify$claimed";

    /** The JVM type of a tracking field. */
    public static String descriptor(String field) {
        return WATCH.equals(field) ? WATCH_DESCRIPTOR : "J";
    }

    /**
     * Whether a field must be visible to the rest of its package (the watch is read by the
     * connection's inner stream classes); the counters stay private.
     */
    public static boolean packageVisible(String field) {
        return WATCH.equals(field);
    }

    private TrackingFields() {
    }
}
