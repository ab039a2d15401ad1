package dev.closenotify.agent.instrument;

import java.util.List;

/**
 * Exchange-state tracking for one JSSE class: the fields added to it and the advice that keeps
 * them. Applied only when the class first loads (or is retransformed after we already added the
 * fields), because a loaded class cannot gain fields.
 *
 * @param internalClassName the class as transformers name it
 * @param fields the long fields to add (names from {@link TrackingFields})
 * @param points where advice goes
 */
public record Tracking(String internalClassName, List<String> fields, List<Point> points) {

    /**
     * One advised method. {@code method} is a method name or {@code <init>} for every constructor;
     * {@code descriptor} null matches any.
     */
    public record Point(String method, String descriptor, Class<?> advice) {
    }

    private static final String ENGINE_ARRAYS =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";

    public static final Tracking SOCKET_INPUT = new Tracking(
            "sun/security/ssl/SSLSocketImpl$AppInputStream",
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
            List.of(new Point("<init>", null, TrackingAdvice.Created.class),
                    new Point("read", "([BII)I", TrackingAdvice.SocketRead.class)));

    public static final Tracking SOCKET_OUTPUT = new Tracking(
            "sun/security/ssl/SSLSocketImpl$AppOutputStream",
            List.of(TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Point("write", "([BII)V", TrackingAdvice.SocketWrite.class)));

    public static final Tracking ENGINE = new Tracking(
            "sun/security/ssl/SSLEngineImpl",
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Point("<init>", null, TrackingAdvice.Created.class),
                    new Point("unwrap", ENGINE_ARRAYS, TrackingAdvice.EngineUnwrap.class),
                    new Point("wrap", ENGINE_ARRAYS, TrackingAdvice.EngineWrap.class)));

    public static final List<Tracking> JSSE = List.of(SOCKET_INPUT, SOCKET_OUTPUT, ENGINE);

    public String displayName() {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1);
    }
}
