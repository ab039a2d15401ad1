package dev.closenotify.agent.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.closenotify.agent.model.ConnectionState;
import dev.closenotify.agent.model.Kind;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    /** outboundDone follows outboundClosed unless a test says otherwise. */
    private static ConnectionState state(Boolean negotiated, Boolean handshaking,
            Boolean closeNotified, Boolean inboundClosed, Boolean outboundClosed) {
        return new ConnectionState(negotiated, handshaking, closeNotified, inboundClosed,
                outboundClosed, outboundClosed);
    }

    @Test
    void engineCloseOutboundJustBeforeCloseInboundIsStillATruncation() {
        // Netty closes outbound as clean-up at channelInactive, then closeInbound(): the
        // close_notify is only queued in the engine, never sent.
        ConnectionState queued = new ConnectionState(true, false, false, false, true, false);
        assertEquals(Kind.TRUNCATED, Classifier.engineCloseInbound(queued));
        assertEquals(Kind.TRUNCATED, Classifier.engineEof(queued));
        // A socket sends its close_notify at once: closed is enough.
        assertEquals(Kind.AFTER_LOCAL_CLOSE, Classifier.socketEof(queued));
    }

    @Test
    void socketEofInApplicationDataIsTruncated() {
        assertEquals(Kind.TRUNCATED, Classifier.socketEof(state(true, false, false, false, false)));
    }

    @Test
    void socketEofDuringHandshakeIsHandshakeEof() {
        assertEquals(Kind.HANDSHAKE_EOF, Classifier.socketEof(state(false, true, false, false, false)));
        // A post-handshake message in flight counts as handshaking, as the JDK treats it.
        assertEquals(Kind.HANDSHAKE_EOF, Classifier.socketEof(state(true, true, false, false, true)));
    }

    @Test
    void socketEofAfterWeClosedIsAfterLocalClose() {
        assertEquals(Kind.AFTER_LOCAL_CLOSE,
                Classifier.socketEof(state(true, false, false, false, true)));
    }

    @Test
    void unknownFlagsNeverInventAMilderKind() {
        assertEquals(Kind.TRUNCATED, Classifier.socketEof(state(null, null, null, null, null)));
        assertEquals(Kind.TRUNCATED, Classifier.engineEof(state(null, null, null, null, null)));
    }

    @Test
    void engineFollowsTheJdkCondition() {
        assertEquals(Kind.TRUNCATED,
                Classifier.engineCloseInbound(state(true, false, false, false, false)));
        assertEquals(Kind.HANDSHAKE_EOF,
                Classifier.engineCloseInbound(state(false, true, false, false, false)));
        assertEquals(Kind.AFTER_LOCAL_CLOSE,
                Classifier.engineCloseInbound(state(true, false, false, false, true)));
    }

    @Test
    void engineCloseInboundIsNoEventWhenTheJdkWouldNotThrow() {
        // close_notify already received
        assertNull(Classifier.engineCloseInbound(state(true, false, true, false, false)));
        // inbound already closed: closeInbound() returns early
        assertNull(Classifier.engineCloseInbound(state(true, false, false, true, false)));
        // handshake never started
        assertNull(Classifier.engineCloseInbound(state(false, false, false, false, false)));
    }
}
