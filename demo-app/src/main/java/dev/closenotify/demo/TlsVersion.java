package dev.closenotify.demo;

import java.util.Locale;

/** The TLS versions the demo pins a connection to; the close semantics differ between them. */
public enum TlsVersion {
    TLS_1_2("1.2", "TLSv1.2"),
    TLS_1_3("1.3", "TLSv1.3");

    private final String id;
    private final String protocol;

    TlsVersion(String id, String protocol) {
        this.id = id;
        this.protocol = protocol;
    }

    /** Short form used on the command line and in the output ("1.2"). */
    public String id() {
        return id;
    }

    /** JSSE protocol name ("TLSv1.2"). */
    String protocol() {
        return protocol;
    }

    static TlsVersion fromId(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (TlsVersion v : values()) {
            // Accept the JSSE spelling too, people copy it from -Djdk.tls.client.protocols.
            if (v.id.equals(t) || v.protocol.toLowerCase(Locale.ROOT).equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown TLS version '" + text + "' (expected 1.2 or 1.3)");
    }
}
