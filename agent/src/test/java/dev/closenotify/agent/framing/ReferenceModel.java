package dev.closenotify.agent.framing;

import dev.closenotify.agent.framing.GeneratedExchange.Kind;
import dev.closenotify.agent.framing.GeneratedExchange.Message;
import dev.closenotify.agent.framing.GeneratedExchange.Request;

/**
 * The expected verdict at every cut point of a generated connection, computed from what the
 * generator meant (message offsets and kinds, write points), never by parsing the bytes. A cut
 * point c means: the first c inbound bytes were read, and every request whose write point is at
 * most c was written.
 */
final class ReferenceModel {

    /** A verdict as "harm framing", the way failures print it. */
    static String verdict(Harm harm, Framing framing) {
        return harm.id() + " " + framing.id();
    }

    private static final String UNKNOWN = verdict(Harm.UNKNOWN, Framing.UNKNOWN);

    private final GeneratedExchange g;
    private final boolean alpnHttp;
    /** Cut points from which the request queue has overflowed, or MAX_VALUE. */
    private final long overflowFrom;

    ReferenceModel(GeneratedExchange g) {
        this.g = g;
        this.alpnHttp = "http/1.1".equals(g.alpn) || "http/1.0".equals(g.alpn);
        long overflow = Long.MAX_VALUE;
        if (g.role == Role.CLIENT) {
            for (int k = 0; k < g.requests.size(); k++) {
                int at = g.requests.get(k).writeAt;
                if (k - finalsPaired(at) >= MethodQueue.CAPACITY) {
                    overflow = at;
                    break;
                }
            }
        }
        this.overflowFrom = overflow;
    }

    String at(int c) {
        if (c >= overflowFrom) {
            return UNKNOWN;
        }
        boolean decided = alpnHttp || (g.role == Role.CLIENT && written(c) > 0)
                || (!g.messages.isEmpty() && c >= g.messages.get(0).decideAt);
        Message lastFinal = null;
        int finals = 0;
        for (Message m : g.messages) {
            if (c <= m.start) {
                break; // before its first byte: between messages
            }
            if (c < m.headersEnd) {
                return decided ? verdict(Harm.DETECTED, Framing.HEADERS) : UNKNOWN;
            }
            if (m.kind == Kind.SWITCH) {
                return UNKNOWN;
            }
            if (m.takesRequest) {
                finals++;
            }
            if (c < m.end) {
                switch (m.kind) {
                    case CONTENT_LENGTH:
                        return verdict(Harm.DETECTED, Framing.CONTENT_LENGTH);
                    case CHUNKED:
                        return verdict(Harm.DETECTED, Framing.CHUNKED);
                    case CLOSE_DELIMITED:
                        return verdict(Harm.SILENT, Framing.CLOSE_DELIMITED);
                    default:
                        throw new AssertionError(m);
                }
            }
            if (m.takesRequest) {
                lastFinal = m;
            }
        }
        if (!decided) {
            // A server that has read nothing of a request yet: no message had begun.
            boolean nothingBegun = g.messages.isEmpty() || c <= g.messages.get(0).start;
            return g.role == Role.SERVER && nothingBegun
                    ? verdict(Harm.NONE, Framing.BETWEEN_MESSAGES) : UNKNOWN;
        }
        boolean awaiting = g.role == Role.CLIENT && written(c) > finals;
        return verdict(Harm.NONE, awaiting || lastFinal == null ? Framing.BETWEEN_MESSAGES
                : lastFinal.kind.framing);
    }

    private int written(int c) {
        int n = 0;
        for (Request q : g.requests) {
            if (q.writeAt <= c) {
                n++;
            }
        }
        return n;
    }

    /** Final responses whose header block was read by cut point c: their requests were taken. */
    private int finalsPaired(int c) {
        int n = 0;
        for (Message m : g.messages) {
            if (m.takesRequest && m.headersEnd <= c) {
                n++;
            }
        }
        return n;
    }
}
