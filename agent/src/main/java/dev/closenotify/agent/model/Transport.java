package dev.closenotify.agent.model;

/** Which JSSE API saw the EOF. */
public enum Transport {
    SOCKET("socket"),
    ENGINE("engine");

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
