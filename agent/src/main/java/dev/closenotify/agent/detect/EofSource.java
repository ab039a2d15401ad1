package dev.closenotify.agent.detect;

import dev.closenotify.agent.model.TruncationEvent;
import java.lang.invoke.MethodHandles;

/**
 * What one hook of a stack turns a bridge call into: the event, read from the library's own
 * objects, or null when the call is no event (close_notify had arrived, the library's state says
 * nothing happened, or its state cannot be read). Each stack supplies one per hook; the handler
 * finds it by the hook's number, counts, logs and throws as the policy says.
 */
public abstract class EofSource {

    private final boolean canThrow;

    /**
     * @param canThrow whether the hooked path can fail the application's read with the
     *     {@code throw} exception (never where the library's own clean-up path would see it)
     */
    protected EofSource(boolean canThrow) {
        this.canThrow = canThrow;
    }

    public final boolean canThrow() {
        return canThrow;
    }

    /** {@code Bridge.eof}: EOF seen on {@code connection}. */
    public TruncationEvent onEof(Object connection, Object state, Object cause,
            MethodHandles.Lookup lookup, Events events) {
        return null;
    }

    /** {@code Bridge.streamEnd}: a reader passes end of stream on from {@code engine}. */
    public TruncationEvent onStreamEnd(Object engine, Events events) {
        return null;
    }

    /** {@code Bridge.offerLookup}: whether this source took the lookup (then no more come). */
    public boolean acceptLookup(MethodHandles.Lookup lookup) {
        return false;
    }
}
