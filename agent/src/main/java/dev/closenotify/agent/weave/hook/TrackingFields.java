package dev.closenotify.agent.weave.hook;

/**
 * Names of the fields the agent adds to tracked classes when they first load, to know how much
 * application data moved and when. Plain {@code long}s written on the I/O path: no allocation, no
 * lookups, just a {@code System.nanoTime()} per read or write call.
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

    private TrackingFields() {
    }
}
