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

    /** Whether the throw policy turns this run into an exception the agent throws. */
    static boolean agentThrows(DemoLines.Run run) {
        return kind(run).equals("truncated") && run.transport().equals("socket");
    }

    static final int EVENTS_TRUNCATED = 8;
    static final int EVENTS_HANDSHAKE_EOF = 4;
    static final int EVENTS_AFTER_LOCAL_CLOSE = 5;
    static final int SOCKET_TRUNCATIONS = 4;
}
