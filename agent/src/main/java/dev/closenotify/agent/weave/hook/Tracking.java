package dev.closenotify.agent.weave.hook;

import java.util.List;

/**
 * Exchange-state tracking for one class: the fields added to it and the code that keeps them.
 * Applied only when the class first loads (or is retransformed after we already added the
 * fields), because a loaded class cannot gain fields.
 *
 * @param internalClassName the class as transformers name it
 * @param fields the fields to add (names and types from {@link TrackingFields})
 * @param points where code goes
 * @param requires a class whose tracking this code reads fields of (an inner class reading its
 *     outer class's), so it is applied only once that one's was; or null
 * @param reads fields of the class itself the code reads (such as an inner class's reference to
 *     its outer instance): without one of them the tracking is not applied
 */
public record Tracking(String internalClassName, List<String> fields, List<Point> points,
        String requires, List<FieldRef> reads) {

    public Tracking(String internalClassName, List<String> fields, List<Point> points) {
        this(internalClassName, fields, points, null, List.of());
    }

    /**
     * One woven method: {@code method} is a name or {@code <init>} (every constructor), its
     * descriptor or null for every overload, and where in it the code goes.
     */
    public record Point(String method, String descriptor, Site site, Emitter emitter) {

        /** Code before each return, where the result is on the stack. */
        public Point(String method, String descriptor, Emitter emitter) {
            this(method, descriptor, Site.BEFORE_RETURN, emitter);
        }
    }

    public String displayName() {
        return ClassNames.simpleName(internalClassName) + ClassNames.relocation(internalClassName);
    }
}
