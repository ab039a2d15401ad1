package dev.closenotify.agent.instrument;

import java.util.List;

/**
 * Exchange-state tracking for one JSSE class: the long fields added to it and the code that keeps
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

    private static final String ENGINE_ARRAYS =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";

    public static final Tracking SOCKET_INPUT = new Tracking(
            JsseTargets.SOCKET_INPUT,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
            List.of(new Point("<init>", null, Emitters.created(false)),
                    new Point("read", "([BII)I", Emitters.countReturnedInt(
                            TrackingFields.BYTES_IN, TrackingFields.LAST_IN))));

    public static final Tracking SOCKET_OUTPUT = new Tracking(
            JsseTargets.SOCKET_OUTPUT,
            List.of(TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Point("write", "([BII)V", Emitters.countIntArgument(3,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));

    public static final Tracking ENGINE = new Tracking(
            JsseTargets.ENGINE,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Point("<init>", null, Emitters.created(true)),
                    new Point("unwrap", ENGINE_ARRAYS, Emitters.countEngineResult("produced",
                            TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                    new Point("wrap", ENGINE_ARRAYS, Emitters.countEngineResult("consumed",
                            TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));

    public static final List<Tracking> JSSE = List.of(SOCKET_INPUT, SOCKET_OUTPUT, ENGINE);

    public String displayName() {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1);
    }
}
