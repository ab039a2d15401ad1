package dev.closenotify.agent.model;

/** What a transport EOF without close_notify means, judged at the moment it arrives. */
public enum Kind {
    /** Application-data phase, our side had not started closing: data may have been cut. */
    TRUNCATED("truncated"),
    /** EOF while a handshake was in progress: the JDK already fails the handshake. */
    HANDSHAKE_EOF("handshake-eof"),
    /** We had already sent or begun close_notify; the peer just did not answer it. */
    AFTER_LOCAL_CLOSE("after-local-close");

    private final String id;

    Kind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
