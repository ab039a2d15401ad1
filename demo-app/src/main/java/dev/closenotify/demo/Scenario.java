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
            Applies.ALL_TRANSPORTS, Set.of(TlsVersion.TLS_1_3)),
    // HTTP rows: a real HTTP/1.x request and response, then a bare FIN. The TLS close is the same
    // in all five; only the HTTP framing differs, and that decides whether the cut was harmful.
    /** Content-Length body complete, then FIN: a truncation that lost nothing. */
    HTTP_LENGTH_COMPLETE("http-length-complete", PeerBehaviour.HTTP_LENGTH_COMPLETE, Http.V1_1),
    /** Content-Length body cut short: the application's HTTP parser sees the missing bytes. */
    HTTP_LENGTH_CUT("http-length-cut", PeerBehaviour.HTTP_LENGTH_CUT, Http.V1_1),
    /** Chunked body cut before its last chunk: the parser sees that too. */
    HTTP_CHUNKED_CUT("http-chunked-cut", PeerBehaviour.HTTP_CHUNKED_CUT, Http.V1_1),
    /** HTTP/1.1, Connection: close, no length: the body ends where the connection ends, so a cut
     *  body looks complete. The attack. */
    HTTP_CLOSE_DELIMITED_CUT("http-close-delimited-cut", PeerBehaviour.HTTP_CLOSE_DELIMITED_CUT, Http.V1_1),
    /** The same attack over HTTP/1.0, where a response without length is the norm. */
    HTTP10_CUT("http10-cut", PeerBehaviour.HTTP10_CUT, Http.V1_0);

    /** The HTTP version a scenario's client speaks, or none: the older rows send raw bytes. */
    enum Http {
        NONE(null),
        V1_0("HTTP/1.0"),
        V1_1("HTTP/1.1");

        private final String version;

        Http(String version) {
            this.version = version;
        }

        /** The request line's version ("HTTP/1.1"), or null for raw bytes. */
        String version() {
            return version;
        }
    }

    private final String id;
    private final PeerBehaviour behaviour;
    private final Set<Transport> transports;
    private final Set<TlsVersion> versions;
    private final Http http;

    Scenario(String id, PeerBehaviour behaviour, Set<Transport> transports, Set<TlsVersion> versions) {
        this(id, behaviour, transports, versions, Http.NONE);
    }

    /** HTTP rows apply everywhere: the HTTP framing does not depend on the transport or version. */
    Scenario(String id, PeerBehaviour behaviour, Http http) {
        this(id, behaviour, Applies.ALL_TRANSPORTS, Applies.ALL_VERSIONS, http);
    }

    Scenario(String id, PeerBehaviour behaviour, Set<Transport> transports, Set<TlsVersion> versions, Http http) {
        this.id = id;
        this.behaviour = behaviour;
        this.transports = transports;
        this.versions = versions;
        this.http = http;
    }

    public String id() {
        return id;
    }

    public PeerBehaviour behaviour() {
        return behaviour;
    }

    /** What the client's request is: HTTP/1.x or raw bytes. */
    Http http() {
        return http;
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
