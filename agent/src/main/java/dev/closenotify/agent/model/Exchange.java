package dev.closenotify.agent.model;

/**
 * What the connection was doing when the EOF came: a triage hint, not a security boundary (an
 * attacker who controls timing can make a cut look idle).
 */
public enum Exchange {
    /** No application data either way for at least the idle threshold: typically a keep-alive
     *  connection the server timed out. */
    IDLE("idle"),
    /** We wrote after the last byte received, and no byte of a reply arrived. */
    AWAITING("awaiting"),
    /** Application bytes arrived since our last write: a message may have been cut. */
    MID_STREAM("mid-stream"),
    /** The connection's I/O was not tracked (e.g. its class loaded before a live attach). */
    UNKNOWN("unknown");

    private final String id;

    Exchange(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
