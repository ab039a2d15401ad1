package dev.closenotify.agent.config;

import dev.closenotify.agent.util.Text;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One {@code closenotify.exclude} entry: a host glob ({@code *.example.com}), an IPv4 or IPv6
 * literal, or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), optionally with {@code :port}
 * (IPv6 with a port in brackets: {@code [fd00::/8]:443}). Matching never uses DNS.
 */
public final class PeerPattern {

    /** The longest DNS name (RFC 1035: 255 octets on the wire, 253 characters as text). */
    static final int MAX_HOST_LENGTH = 253;

    private final String text;
    private final String hostGlob;      // lower case, or null
    private final byte[] network;       // address bytes, or null
    private final int prefixBits;
    private final int port;             // -1: any

    private PeerPattern(String text, String hostGlob, byte[] network, int prefixBits, int port) {
        this.text = text;
        this.hostGlob = hostGlob;
        this.network = network;
        this.prefixBits = prefixBits;
        this.port = port;
    }

    /** Thrown by {@link #parse} with a reason fit for a one-line message. */
    public static final class InvalidPatternException extends Exception {
        InvalidPatternException(String reason) {
            super(reason, null, false, false);
        }
    }

    public static PeerPattern parse(String raw) throws InvalidPatternException {
        String text = raw.trim();
        if (text.isEmpty()) {
            throw new InvalidPatternException("empty pattern");
        }
        String target = text;
        int port = -1;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new InvalidPatternException("'[' without ']'");
            }
            target = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new InvalidPatternException("unexpected text after ']'");
                }
                port = parsePort(rest.substring(1));
            }
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
            // Exactly one colon: host or IPv4 with a port. Two or more: a bare IPv6 literal.
            int colon = text.indexOf(':');
            target = text.substring(0, colon);
            port = parsePort(text.substring(colon + 1));
        }
        if (target.isEmpty()) {
            throw new InvalidPatternException("no host or address before the port");
        }
        int slash = target.indexOf('/');
        String addressPart = slash < 0 ? target : target.substring(0, slash);
        byte[] address = literal(addressPart);
        if (address == null) {
            if (slash >= 0) {
                throw new InvalidPatternException("'" + Text.printable(addressPart)
                        + "' is not an IP address, so it"
                        + " cannot take a /prefix");
            }
            if (!target.matches("[A-Za-z0-9*._-]+")) {
                throw new InvalidPatternException("not a host name, host glob, IP address or CIDR");
            }
            if (target.length() > MAX_HOST_LENGTH) {
                throw new InvalidPatternException(target.length() + " characters; no host name is"
                        + " longer than " + MAX_HOST_LENGTH + ", so it could never match");
            }
            return new PeerPattern(text, target.toLowerCase(Locale.ROOT), null, 0, port);
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            String prefix = target.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}")) {
                throw new InvalidPatternException("prefix length '" + Text.printable(prefix)
                        + "' is not a number");
            }
            bits = Integer.parseInt(prefix);
            if (bits > address.length * 8) {
                throw new InvalidPatternException("prefix length /" + bits + " is longer than the "
                        + address.length * 8 + " bits of the address");
            }
        }
        return new PeerPattern(text, null, address, bits, port);
    }

    private static int parsePort(String value) throws InvalidPatternException {
        if (!value.matches("\\d{1,5}")) {
            throw new InvalidPatternException("port '" + Text.printable(value)
                    + "' is not a number");
        }
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            throw new InvalidPatternException("port " + port + " is out of range 1-65535");
        }
        return port;
    }

    /**
     * The bytes of an IPv4 or IPv6 literal, or null when {@code text} is not one. Never resolves:
     * only strings that look like literals reach {@link InetAddress}, which parses those itself.
     * "Look like" includes the first character: {@code InetAddress.getByName} treats text as a
     * literal only when it starts with a hex digit or ':'; anything else (".::1") it looks up
     * as a host name.
     */
    static byte[] literal(String text) {
        if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    return null;
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }
        if (text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]*")) {
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    /** Whether a peer matches: {@code host} as the application named it, {@code address} literal. */
    public boolean matches(String host, String address, int peerPort) {
        if (port >= 0 && port != peerPort) {
            return false;
        }
        if (hostGlob != null) {
            return host != null && glob(hostGlob, host.toLowerCase(Locale.ROOT));
        }
        return inNetwork(address) || inNetwork(host);
    }

    private boolean inNetwork(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] bytes = literal(candidate.startsWith("[") && candidate.endsWith("]")
                ? candidate.substring(1, candidate.length() - 1) : candidate);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    // '*' matches any run of characters, including dots.
    private static boolean glob(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return text;
    }
}
