package dev.closenotify.agent.weave.hook;

import java.util.List;

/**
 * Exchange-state tracking for one class: the long fields added to it and the code that keeps
 * them. Applied only when the class first loads (or is retransformed after we already added the
 * fields), because a loaded class cannot gain fields.
 *
 * @param internalClassName the class as transformers name it
 * @param fields the long fields to add (names from {@link TrackingFields})
 * @param points where code goes
 */
public record Tracking(String internalClassName, List<String> fields, List<Point> points) {

    /** One woven method: {@code method} is a name or {@code <init>} (every constructor). */
    public record Point(String method, String descriptor, Emitter emitter) {
    }

    public String displayName() {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1);
    }
}
