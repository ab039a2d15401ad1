package dev.closenotify.demo;

import java.util.Locale;
import java.util.Set;

/**
 * What the demo can show: a peer behaviour plus, where it matters, what the client does
 * differently. Two scenarios may share a peer behaviour (local-close-first and layered-close
 * differ only on the client side).
 */
public enum Scenario {
    CLEAN_CLOSE("clean-close", PeerBehaviour.CLEAN_CLOSE, Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    CLOSE_NOTIFY_WITH_FIN("close-notify-with-fin", PeerBehaviour.CLOSE_NOTIFY_WITH_FIN,
            Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    TRUNCATE_FIN("truncate-fin", PeerBehaviour.TRUNCATE_FIN, Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    TRUNCATE_MID_RECORD("truncate-mid-record", PeerBehaviour.TRUNCATE_MID_RECORD,
            Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    TRUNCATE_RST("truncate-rst", PeerBehaviour.TRUNCATE_RST, Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    HANDSHAKE_EOF("handshake-eof", PeerBehaviour.HANDSHAKE_EOF, Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    LOCAL_CLOSE_FIRST("local-close-first", PeerBehaviour.LOCAL_CLOSE_FIRST,
            Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS),
    /** Only an SSLSocket can be layered over an existing socket, hence socket only. */
    LAYERED_CLOSE("layered-close", PeerBehaviour.LOCAL_CLOSE_FIRST, Set.of(Transport.SOCKET), Applies.ALL_VERSIONS),
    /** TLS 1.2 close is always duplex, so a half-close only exists in TLS 1.3. */
    TLS13_HALF_CLOSE("tls13-half-close", PeerBehaviour.TLS13_HALF_CLOSE,
            Applies.ALL_TRANSPORTS, Set.of(TlsVersion.TLS_1_3));

    private final String id;
    private final PeerBehaviour behaviour;
    private final Set<Transport> transports;
    private final Set<TlsVersion> versions;

    Scenario(String id, PeerBehaviour behaviour, Set<Transport> transports, Set<TlsVersion> versions) {
        this.id = id;
        this.behaviour = behaviour;
        this.transports = transports;
        this.versions = versions;
    }

    public String id() {
        return id;
    }

    public PeerBehaviour behaviour() {
        return behaviour;
    }

    boolean appliesTo(Transport transport, TlsVersion version) {
        return transports.contains(transport) && versions.contains(version);
    }

    static Scenario fromId(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.id.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text + "' (expected one of " + ids() + ")");
    }

    static String ids() {
        StringBuilder sb = new StringBuilder();
        for (Scenario s : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.id);
        }
        return sb.toString();
    }

    // Enum constants cannot refer to the enum's own static fields, so the shared sets live here.
    private static final class Applies {
        static final Set<Transport> ALL_TRANSPORTS = Set.of(Transport.values());
        static final Set<TlsVersion> ALL_VERSIONS = Set.of(TlsVersion.values());
    }
}
