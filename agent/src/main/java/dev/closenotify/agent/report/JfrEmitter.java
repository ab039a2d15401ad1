package dev.closenotify.agent.report;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.TruncationEvent;

/** The only class that touches JFR types, so a runtime without jdk.jfr fails here alone. */
final class JfrEmitter {

    private JfrEmitter() {
    }

    static void emit(TruncationEvent e) {
        JfrTruncationEvent jfr = new JfrTruncationEvent();
        if (!jfr.shouldCommit()) {
            return;
        }
        jfr.kind = e.kind().id();
        jfr.exchange = e.exchange().id();
        jfr.harm = e.harm() == null ? Harm.UNKNOWN.id() : e.harm().id();
        jfr.framing = e.framing() == null ? Framing.UNKNOWN.id() : e.framing().id();
        jfr.peer = e.peer();
        jfr.peerAddress = e.peerAddress();
        jfr.peerPort = e.peerPort();
        jfr.localPort = e.localPort();
        jfr.role = e.role();
        jfr.protocol = e.protocol();
        jfr.cipherSuite = e.cipherSuite();
        jfr.transport = e.transport().id();
        jfr.stack = e.stack();
        jfr.midRecord = e.midRecord() == null ? "unknown" : e.midRecord().toString();
        jfr.bytesIn = e.bytesIn();
        jfr.bytesOut = e.bytesOut();
        jfr.quietMs = e.quietMs();
        jfr.ageMs = e.ageMs();
        jfr.callSite = e.callSite();
        jfr.commit();
    }
}
