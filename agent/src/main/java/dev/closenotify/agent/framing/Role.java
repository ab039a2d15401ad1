package dev.closenotify.agent.framing;

/**
 * Which end of the TLS connection the tracker sits at. It decides which direction carries the
 * messages whose cut matters: a client reads responses (and writes the requests that say whether
 * a response has a body), a server reads requests. The agent knows it from the TLS engine.
 */
public enum Role {
    CLIENT("client"),
    SERVER("server");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
