package dev.closenotify.agent.weave.hook;

/**
 * How messages, the start-up line and the MBean's {@code Hooks} name a rewritten class: its
 * simple name, and for a copy another project relocated into its own packages (gRPC's
 * {@code io.grpc.netty.shaded.io.netty}) the relocation's prefix too, so the two copies never
 * read alike.
 */
public final class ClassNames {

    private static final String SHADED = "/shaded/";

    private ClassNames() {
    }

    /** {@code SslHandler} for {@code io/netty/handler/ssl/SslHandler}. */
    public static String simpleName(String internalClassName) {
        return internalClassName.substring(internalClassName.lastIndexOf('/') + 1);
    }

    /** {@code ""}, or {@code " (io.grpc.netty.shaded)"} for a relocated copy. */
    public static String relocation(String internalClassName) {
        int shaded = internalClassName.indexOf(SHADED);
        if (shaded < 0) {
            return "";
        }
        return " (" + internalClassName.substring(0, shaded + SHADED.length() - 1).replace('/', '.')
                + ")";
    }
}
