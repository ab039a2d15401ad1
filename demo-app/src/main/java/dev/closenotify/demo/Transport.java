package dev.closenotify.demo;

import java.util.Locale;

/**
 * The two JDK APIs an application can use for TLS. The agent hooks a different method in each
 * ({@code SSLSocketImpl.handleEOF} vs {@code SSLEngineImpl.closeInbound}), so every scenario is
 * played over both.
 */
public enum Transport {
    SOCKET,
    ENGINE;

    /** The name in options and output: the constant's name in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Transport fromId(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Transport tr : values()) {
            if (tr.id().equals(t)) {
                return tr;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + text + "' (expected socket or engine)");
    }
}
