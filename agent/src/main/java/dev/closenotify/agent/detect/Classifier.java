package dev.closenotify.agent.detect;

import dev.closenotify.agent.model.ConnectionState;
import dev.closenotify.agent.model.Kind;

/** Turns the connection state at an EOF into an event kind, or into "no event". */
public final class Classifier {

    private Classifier() {
    }

    /**
     * A socket EOF reaches {@code handleEOF} only when no close_notify has arrived, so every call is
     * an event; the question is only which kind.
     */
    public static Kind socketEof(ConnectionState state) {
        return classify(state, state.outboundClosed());
    }

    /**
     * An engine's transport ended (the library called {@code closeInbound()}, or the JDK
     * HttpClient's reader saw the end) without close_notify. "We closed first" needs the
     * close_notify to have left the engine, not just a {@code closeOutbound()} call.
     */
    public static Kind engineEof(ConnectionState state) {
        return classify(state, state.outboundDone());
    }

    private static Kind classify(ConnectionState state, Boolean weClosedFirst) {
        if (Boolean.TRUE.equals(state.handshaking())) {
            return Kind.HANDSHAKE_EOF;
        }
        if (Boolean.TRUE.equals(weClosedFirst)) {
            return Kind.AFTER_LOCAL_CLOSE;
        }
        return Kind.TRUNCATED;
    }

    /**
     * {@code closeInbound()} is an event only when the JDK's own condition for its
     * "closing inbound before receiving peer's close_notify" exception holds: inbound not yet
     * closed, no close_notify received, and a handshake done or under way.
     *
     * @return the kind, or null when this call is not an event
     */
    public static Kind engineCloseInbound(ConnectionState state) {
        if (Boolean.TRUE.equals(state.inboundClosed())
                || Boolean.TRUE.equals(state.inputCloseNotified())) {
            return null;
        }
        boolean started = Boolean.TRUE.equals(state.negotiated())
                || Boolean.TRUE.equals(state.handshaking());
        if (!started) {
            return null;
        }
        return engineEof(state);
    }
}
