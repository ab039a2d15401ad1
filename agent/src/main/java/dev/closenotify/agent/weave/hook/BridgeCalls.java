package dev.closenotify.agent.weave.hook;

/**
 * The bridge's entry points as woven code calls them: owner, names and descriptors in one place,
 * shared by the ASM emitters and the class-file patch. A unit test checks that every call any
 * hook emits resolves to a public static method of {@code dev.closenotify.bridge.Bridge}, so a
 * rename fails the build, not a JDK method at run time.
 */
public final class BridgeCalls {

    public static final String OWNER = "dev/closenotify/bridge/Bridge";
    public static final String LOOKUP = "Ljava/lang/invoke/MethodHandles$Lookup;";

    /** {@code eof(int hook, Object connection, Object state, Object cause, Lookup)}: EOF seen. */
    public static final String EOF = "eof";
    public static final String EOF_DESCRIPTOR =
            "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;" + LOOKUP + ")V";

    /** {@code streamEnd(int hook, boolean end, Object engine)}: a reader passes data on. */
    public static final String STREAM_END = "streamEnd";
    public static final String STREAM_END_DESCRIPTOR = "(IZLjava/lang/Object;)V";

    /** {@code offerLookup(Lookup)}: a lookup made inside a woven class. */
    public static final String OFFER_LOOKUP = "offerLookup";
    public static final String OFFER_LOOKUP_DESCRIPTOR = "(" + LOOKUP + ")V";

    // Application bytes moved: the arithmetic of the tracking code.
    public static final String POSITIVE = "positive";
    public static final String POSITIVE_DESCRIPTOR = "(I)J";
    public static final String STAMP_IF_POSITIVE = "stampIfPositive";
    public static final String STAMP_IF_POSITIVE_DESCRIPTOR = "(IJ)J";
    public static final String PRODUCED = "produced";
    public static final String CONSUMED = "consumed";
    public static final String ENGINE_RESULT_DESCRIPTOR = "(Ljavax/net/ssl/SSLEngineResult;)I";

    // Application bytes moved: the framing watch's feed.
    public static final String WATCH = "watch";
    public static final String WATCH_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
    public static final String READ = "read";
    public static final String READ_DESCRIPTOR = "(ILjava/lang/Object;[BI)V";
    public static final String WRITTEN = "written";
    public static final String WRITTEN_DESCRIPTOR = "(Ljava/lang/Object;[BII)V";
    public static final String BEFORE_UNWRAP = "beforeUnwrap";
    public static final String BEFORE_WRAP = "beforeWrap";
    public static final String BEFORE_ENGINE_CALL_DESCRIPTOR =
            "(Ljava/lang/Object;[Ljava/nio/ByteBuffer;II)V";
    public static final String UNWRAPPED = "unwrapped";
    public static final String WRAPPED = "wrapped";
    public static final String ENGINE_CALL_RETURNS_DESCRIPTOR =
            "(Ljavax/net/ssl/SSLEngineResult;Ljava/lang/Object;[Ljava/nio/ByteBuffer;II)V";

    private BridgeCalls() {
    }
}
