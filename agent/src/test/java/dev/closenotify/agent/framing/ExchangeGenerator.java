package dev.closenotify.agent.framing;

import dev.closenotify.agent.framing.GeneratedExchange.Kind;
import dev.closenotify.agent.framing.GeneratedExchange.Message;
import dev.closenotify.agent.framing.GeneratedExchange.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random valid HTTP/1.x connections: keep-alive and pipelined requests with bodies, responses
 * with every framing of RFC 9112 §6.3 and the lawful variations of its syntax (name case, OWS,
 * repeated identical lengths, coding lists and parameters, chunk extensions, trailers, bare LF,
 * obs-fold of other fields, 1xx before the final response). A close-delimited response or a
 * protocol switch is only ever the last message, as it must be.
 */
final class ExchangeGenerator {

    /** In every header value, target, chunk extension, trailer and body: the privacy test looks
     *  for it, and it contains bytes a parser could trip over. */
    static final String MARKER = "S3cr3t-Marker:\"x,y;z\"";

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE",
        "OPTIONS", "PATCH", "PURGE", "M-SEARCH", "HEAD", "HEAD"};
    private static final int[] STATUSES = {200, 200, 201, 202, 204, 206, 301, 302, 304, 400, 404,
        500, 503};

    private final Random r;

    ExchangeGenerator(long seed) {
        r = new Random(seed);
    }

    GeneratedExchange client() {
        String alpn = r.nextInt(10) < 7 ? null : "http/1.1";
        GeneratedExchange g = new GeneratedExchange(Role.CLIENT, alpn);
        boolean deep = r.nextInt(40) == 0;
        int n = deep ? 60 + r.nextInt(8) : 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            String method = deep ? (r.nextBoolean() ? "HEAD" : "GET") : clientMethod(last);
            boolean upgrade = last && !deep && method.equals("GET") && r.nextInt(12) == 0;
            int outStart = g.outPosition();
            request(g, method, upgrade, deep);
            Request q = new Request(outStart, g.outPosition());
            g.requests.add(q);
            int responseStart = g.inPosition();
            response(g, method, upgrade, last, deep);
            if (i == 0 || deep) {
                q.writeAt = 0;
            } else {
                // Between the previous write and this response's first byte: pipelined ahead,
                // in the middle of an earlier response, or just before its own (keep-alive).
                int previous = g.requests.get(i - 1).writeAt;
                q.writeAt = r.nextInt(3) == 0 ? responseStart
                        : previous + r.nextInt(responseStart - previous + 1);
            }
        }
        return g;
    }

    GeneratedExchange server() {
        int a = r.nextInt(10);
        String alpn = a < 6 ? null : a < 9 ? "http/1.1" : "http/1.0";
        GeneratedExchange g = new GeneratedExchange(Role.SERVER, alpn);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            String method = last && r.nextInt(10) == 0 ? "CONNECT" : METHODS[r.nextInt(METHODS.length)];
            while (r.nextInt(20) == 0) {
                g.in(r.nextBoolean() ? "\r\n" : "\n"); // allowed before a request-line
            }
            request(g, method, false, false);
        }
        return g;
    }

    private String clientMethod(boolean last) {
        return last && r.nextInt(10) == 0 ? "CONNECT" : METHODS[r.nextInt(METHODS.length)];
    }

    /** A request, written outbound (client) or read inbound as a message (server). */
    private void request(GeneratedExchange g, String method, boolean upgrade, boolean small) {
        boolean inbound = g.role == Role.SERVER;
        int start = inbound ? g.inPosition() : 0;
        int minor = r.nextInt(8) == 0 ? 0 : 1;
        boolean connect = method.equals("CONNECT");
        String target = connect ? "example.com:443" : "/p/" + r.nextInt(1000) + "?q=" + MARKER;
        StringBuilder head = new StringBuilder(method).append(' ').append(target.replace(" ", ""))
                .append(" HTTP/1.").append(minor).append(eol());
        List<String> fields = fillers(small);
        fields.add("Host: example.com");
        if (upgrade) {
            fields.add("Upgrade: websocket");
            fields.add("Connection: Upgrade");
        }
        Kind kind;
        byte[] body = null;
        String chunked = null;
        int choice = connect ? 0 : r.nextInt(small ? 1 : 4);
        if (choice == 1 || (choice == 3 && minor == 0)) {
            body = body(false);
            fields.addAll(contentLength(body.length));
            kind = Kind.CONTENT_LENGTH;
        } else if (choice == 3) {
            fields.addAll(transferEncoding(true));
            if (r.nextInt(5) == 0) {
                fields.add("Content-Length: " + r.nextInt(100)); // TE overrides it
            }
            chunked = "";
            kind = Kind.CHUNKED;
        } else if (choice == 2 && !connect) {
            fields.add(name("Content-Length") + ":" + ows() + "0" + ows());
            kind = Kind.CONTENT_LENGTH;
        } else {
            kind = Kind.NO_BODY;
        }
        if (connect && inbound) {
            kind = Kind.SWITCH;
        }
        Collections.shuffle(fields, r);
        for (String f : fields) {
            head.append(f).append(eol());
        }
        head.append(eol());
        if (inbound) {
            Message m = new Message(start, start + method.length() + 1);
            g.messages.add(m);
            g.in(head.toString());
            m.headersEnd = g.inPosition();
            writeBody(g, true, body, chunked != null);
            m.end = kind == Kind.SWITCH ? Long.MAX_VALUE : g.inPosition();
            m.kind = kind;
            m.takesRequest = true;
            if (kind == Kind.SWITCH) {
                g.in(garbage()); // tunnel bytes
            }
        } else {
            g.out(head.toString());
            writeBody(g, false, body, chunked != null);
        }
    }

    private void response(GeneratedExchange g, String method, boolean upgrade, boolean last,
            boolean small) {
        int interims = !small && r.nextInt(6) == 0 ? 1 + r.nextInt(2) : 0;
        for (int i = 0; i < interims; i++) {
            Message m = startResponse(g, 1, new int[] {100, 102, 103}[r.nextInt(3)]);
            List<String> fields = fillers(true);
            if (r.nextBoolean()) {
                fields.add("Link: </style.css>; rel=preload");
            }
            if (r.nextInt(4) == 0) {
                fields.add("Content-Length: 10"); // a 1xx has no body whatever it says
            }
            endHeaders(g, m, fields);
            m.end = m.headersEnd;
            m.kind = Kind.INTERIM;
        }
        if (upgrade) {
            Message m = startResponse(g, 1, 101);
            endHeaders(g, m, new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade")));
            m.end = Long.MAX_VALUE;
            m.kind = Kind.SWITCH;
            g.in(garbage());
            return;
        }
        boolean connect = method.equals("CONNECT");
        int status = connect ? (r.nextBoolean() ? 200 : 407) : STATUSES[r.nextInt(STATUSES.length)];
        int minor = r.nextInt(6) == 0 ? 0 : 1;
        Message m = startResponse(g, minor, status);
        m.takesRequest = true;
        List<String> fields = fillers(small);
        if (connect && status == 200) {
            endHeaders(g, m, fields);
            m.end = Long.MAX_VALUE;
            m.kind = Kind.SWITCH;
            g.in(garbage());
            return;
        }
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
        int choice = r.nextInt(last ? 4 : 3);
        if (minor == 0 && (choice == 1 || choice == 2)) {
            choice = 0; // no Transfer-Encoding in HTTP/1.0
        }
        if (noBody) {
            // Lengths a HEAD or 304 response would carry, ignored for framing.
            if (choice == 0) {
                fields.addAll(contentLength(r.nextInt(5000)));
            } else if (choice == 1) {
                fields.addAll(transferEncoding(true));
            }
            endHeaders(g, m, fields);
            m.end = m.headersEnd;
            m.kind = Kind.NO_BODY;
        } else if (choice == 0 || small) {
            byte[] body = small ? new byte[r.nextInt(4)] : body(false);
            fields.addAll(contentLength(body.length));
            endHeaders(g, m, fields);
            g.in(body);
            m.end = g.inPosition();
            m.kind = Kind.CONTENT_LENGTH;
        } else if (choice == 1 || choice == 2) {
            fields.addAll(transferEncoding(true));
            if (r.nextInt(5) == 0) {
                fields.add("Content-Length: " + r.nextInt(100)); // TE overrides it
            }
            endHeaders(g, m, fields);
            writeBody(g, true, null, true);
            m.end = g.inPosition();
            m.kind = Kind.CHUNKED;
        } else {
            int how = r.nextInt(4);
            if (how == 1) {
                fields.add("Connection: close");
            } else if (how >= 2 && minor == 1) {
                fields.addAll(transferEncoding(false));
                if (how == 3) {
                    fields.add("Content-Length: 3");
                }
            }
            endHeaders(g, m, fields);
            g.in(body(true));
            m.end = Long.MAX_VALUE;
            m.kind = Kind.CLOSE_DELIMITED;
        }
    }

    private Message startResponse(GeneratedExchange g, int minor, int status) {
        int start = g.inPosition();
        Message m = new Message(start, start + "HTTP/1.".length());
        g.messages.add(m);
        String[] reasons = {" OK", " Some Reason", "", " ", " r\u00e9sum\u00e9\tok", " " + MARKER};
        g.in("HTTP/1." + minor + " " + status + reasons[r.nextInt(reasons.length)] + eol());
        return m;
    }

    private void endHeaders(GeneratedExchange g, Message m, List<String> fields) {
        Collections.shuffle(fields, r);
        StringBuilder s = new StringBuilder();
        for (String f : fields) {
            s.append(f).append(eol());
        }
        g.in(s.append(eol()).toString());
        m.headersEnd = g.inPosition();
    }

    private List<String> fillers(boolean few) {
        List<String> f = new ArrayList<>();
        int n = few ? r.nextInt(2) : r.nextInt(6);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0:
                    f.add("X-Marker:" + ows() + MARKER + ows());
                    break;
                case 1:
                    f.add("Date: Tue, 01 Jul 2025 10:00:00 GMT");
                    break;
                case 2:
                    f.add("Content-Type: text/html; charset=\"utf-8\"");
                    break;
                case 3:
                    f.add(name("Content-Lengths") + ": 12"); // look-alikes, not length fields
                    break;
                case 4:
                    f.add("X-Transfer-Encoding: gzip");
                    break;
                case 5:
                    f.add("Set-Cookie: id=" + MARKER + "; Path=/; HttpOnly");
                    break;
                case 6:
                    f.add("X-Folded: first" + eol() + (r.nextBoolean() ? " " : "\t") + "second");
                    break;
                case 7:
                    f.add("X-Empty:");
                    break;
                default:
                    f.add("X-Obs-Text: caf\u00e9 \u00ff" + "a".repeat(r.nextInt(200)));
                    break;
            }
        }
        return f;
    }

    private List<String> contentLength(int n) {
        List<String> f = new ArrayList<>();
        switch (r.nextInt(6)) {
            case 0:
                f.add(name("Content-Length") + ":" + ows() + n + ", " + n + ows());
                break;
            case 1:
                f.add(name("Content-Length") + ": " + n);
                f.add(name("Content-Length") + ":" + n);
                break;
            case 2:
                f.add(name("Content-Length") + ":" + ows() + "00" + n + ows());
                break;
            default:
                f.add(name("Content-Length") + ":" + ows() + n + ows());
                break;
        }
        return f;
    }

    private List<String> transferEncoding(boolean chunkedLast) {
        List<String> f = new ArrayList<>();
        String te = name("Transfer-Encoding") + ":" + ows();
        String chunked = r.nextBoolean() ? "chunked" : "Chunked";
        if (chunkedLast) {
            switch (r.nextInt(4)) {
                case 0:
                    f.add(te + "gzip" + ows() + "," + ows() + chunked);
                    break;
                case 1:
                    f.add(te + "gzip;q=\"a,b\\\"c\" , " + chunked + ows() + ",");
                    break;
                default:
                    f.add(te + chunked + ows());
                    break;
            }
            return f;
        }
        switch (r.nextInt(3)) {
            case 0:
                f.add(te + "gzip");
                break;
            case 1:
                f.add(te + chunked + ", gzip");
                break;
            default:
                f.add(te + "deflate;level=1" + ows());
                break;
        }
        return f;
    }

    /** A body as set up by the caller: Content-Length bytes, or a chunked body. */
    private void writeBody(GeneratedExchange g, boolean inbound, byte[] lengthBody, boolean chunked) {
        StringBuilder s = new StringBuilder();
        if (lengthBody != null) {
            put(g, inbound, lengthBody);
            return;
        }
        if (!chunked) {
            return;
        }
        int chunks = r.nextInt(5);
        for (int i = 0; i < chunks; i++) {
            byte[] data = new byte[1 + r.nextInt(r.nextBoolean() ? 16 : 700)];
            fill(data);
            s.setLength(0);
            String hex = Integer.toHexString(data.length);
            s.append(r.nextInt(5) == 0 ? "0" : "").append(r.nextBoolean() ? hex : hex.toUpperCase());
            s.append(extension()).append(eol());
            put(g, inbound, s.toString());
            put(g, inbound, data);
            put(g, inbound, eol());
        }
        s.setLength(0);
        s.append(r.nextInt(4) == 0 ? "000" : "0").append(extension()).append(eol());
        int trailers = r.nextInt(3);
        for (int i = 0; i < trailers; i++) {
            s.append(r.nextBoolean() ? "X-Checksum: " + MARKER : "Content-Length: 999").append(eol());
        }
        s.append(eol());
        put(g, inbound, s.toString());
    }

    private String extension() {
        switch (r.nextInt(8)) {
            case 0:
                return ";name";
            case 1:
                return ";name=value";
            case 2:
                return " ;q=\"" + MARKER + "\"";
            case 3:
                return ";a=1;b=\"2 ; 3\"";
            case 4:
                return " \t";
            default:
                return "";
        }
    }

    private static void put(GeneratedExchange g, boolean inbound, String s) {
        if (inbound) {
            g.in(s);
        } else {
            g.out(s);
        }
    }

    private static void put(GeneratedExchange g, boolean inbound, byte[] b) {
        if (inbound) {
            g.in(b);
        } else {
            g.out(b);
        }
    }

    private byte[] body(boolean closeDelimited) {
        int bound = r.nextInt(30) == 0 ? 20_000 : closeDelimited ? 300 : 800;
        byte[] b = new byte[r.nextInt(bound)];
        fill(b);
        return b;
    }

    /** Random octets with the marker and framing-like text sprinkled in. */
    private void fill(byte[] b) {
        r.nextBytes(b);
        String[] traps = {MARKER, "\r\n0\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            "\r\n\r\n"};
        if (b.length > 40 && r.nextBoolean()) {
            byte[] trap = Wire.bytes(traps[r.nextInt(traps.length)]);
            System.arraycopy(trap, 0, b, r.nextInt(b.length - trap.length), trap.length);
        }
    }

    private byte[] garbage() {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        return b;
    }

    private String eol() {
        return r.nextInt(12) == 0 ? "\n" : "\r\n";
    }

    private String ows() {
        return new String[] {"", "", " ", "\t", " \t "}[r.nextInt(5)];
    }

    /** A field name in random letter case: names are case-insensitive. */
    private String name(String name) {
        int how = r.nextInt(4);
        if (how == 0) {
            return name.toLowerCase();
        }
        if (how == 1) {
            return name.toUpperCase();
        }
        if (how == 2) {
            StringBuilder s = new StringBuilder();
            for (char c : name.toCharArray()) {
                s.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return s.toString();
        }
        return name;
    }
}
