package dev.closenotify.it;

/**
 * What the agent must report for each demo run: the ground truth of the scenarios, written down
 * once so every policy and JDK is held to the same table.
 */
final class Expected {

    private Expected() {
    }

    /** The event kind a run must produce, or "none". */
    static String kind(DemoLines.Run run) {
        switch (run.scenario()) {
            case "truncate-fin":
            case "truncate-mid-record":
            // Every HTTP row ends with a bare FIN, complete response or not: the kind is the
            // same, only the harm differs.
            case "http-length-complete":
            case "http-length-cut":
            case "http-chunked-cut":
            case "http-close-delimited-cut":
            case "http10-cut":
                return "truncated";
            case "handshake-eof":
                return "handshake-eof";
            case "local-close-first":
                return "after-local-close";
            case "layered-close":
                // On TLS 1.3 the JDK's close() drains the raw socket without reading it as TLS,
                // so no EOF reaches handleEOF; on 1.2 it waits for close_notify and hits EOF.
                return run.tls().equals("1.2") ? "after-local-close" : "none";
            case "clean-close":
            case "close-notify-with-fin":
            case "tls13-half-close":
            // RST is an error the JDK already reports ("Connection reset"), not an EOF.
            case "truncate-rst":
                return "none";
            default:
                throw new AssertionError("a scenario the tests do not know: " + run.scenario()
                        + "; add it to Expected");
        }
    }

    /**
     * The harm verdict of a run's truncation, as the demo's harm field shows it: "-" for a run
     * without one (the MBean's harm counters split truncations only).
     */
    static String harm(DemoLines.Run run) {
        if (!kind(run).equals("truncated")) {
            return "-";
        }
        switch (run.scenario()) {
            case "http-length-complete":
                return "none";
            case "http-length-cut":
            case "http-chunked-cut":
                return "detected";
            case "http-close-delimited-cut":
            case "http10-cut":
                return "silent";
            default:
                // truncate-fin and truncate-mid-record carry raw bytes, not HTTP.
                return "unknown";
        }
    }

    /** The framing= of a run's truncation event, the rule behind {@link #harm}. */
    static String framing(DemoLines.Run run) {
        switch (run.scenario()) {
            case "http-length-complete":
            case "http-length-cut":
                return "content-length";
            case "http-chunked-cut":
                return "chunked";
            case "http-close-delimited-cut":
            case "http10-cut":
                return "close-delimited";
            default:
                return "unknown";
        }
    }

    /**
     * Whether the throw policy turns this run into an exception the agent throws: a truncation
     * on a socket (an engine's closeInbound already throws) whose harm is in the default
     * closenotify.throw.harm, silent or unknown. A cut the application's parser sees, or one
     * that cut nothing, is left to the application.
     */
    static boolean agentThrows(DemoLines.Run run) {
        String harm = harm(run);
        return kind(run).equals("truncated") && run.transport().equals("socket")
                && (harm.equals("silent") || harm.equals("unknown"));
    }

    /** Runs of the whole matrix: 7 close scenarios x 4 plus layered-close (socket) and
     *  tls13-half-close (1.3) x 2, and 5 HTTP scenarios x 4. */
    static final int RUNS = 52;
    static final int EVENTS_TRUNCATED = 28;
    static final int EVENTS_HANDSHAKE_EOF = 4;
    static final int EVENTS_AFTER_LOCAL_CLOSE = 5;
    static final int EVENTS = EVENTS_TRUNCATED + EVENTS_HANDSHAKE_EOF + EVENTS_AFTER_LOCAL_CLOSE;
    /** The truncations by harm: close-delimited and HTTP/1.0 rows; cut Content-Length and
     *  chunked rows; the complete Content-Length row; the raw-byte rows. */
    static final int SILENT = 8;
    static final int DETECTED = 8;
    static final int HARMLESS = 4;
    static final int UNKNOWN_HARM = 8;
    /** Socket truncations with harm silent or unknown: what the throw policy throws by default. */
    static final int THROWN_UNDER_THROW = 8;
}
