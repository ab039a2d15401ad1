package dev.closenotify.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import org.junit.jupiter.api.Test;

class TruncationEventTest {

    @Test
    void describesEveryFieldAndNamesCloseNotify() {
        TruncationEvent event = new TruncationEvent(Kind.TRUNCATED, Transport.SOCKET, "jsse-socket", "client",
                "example.test", "192.0.2.7", 443, 50000, "TLSv1.3", "TLS_AES_128_GCM_SHA256", true,
                Exchange.MID_STREAM, Harm.SILENT, Framing.CLOSE_DELIMITED, 1200, 80, 5, 950, "com.acme.Fetch.body(Fetch.java:12)");
        assertEquals("TLS peer closed without close_notify: kind=truncated exchange=mid-stream"
                + " harm=silent framing=close-delimited"
                + " peer=example.test:443 address=192.0.2.7 role=client protocol=TLSv1.3"
                + " cipher=TLS_AES_128_GCM_SHA256 transport=socket stack=jsse-socket midRecord=true bytesIn=1200"
                + " bytesOut=80 quietMs=5 ageMs=950 localPort=50000"
                + " callSite=com.acme.Fetch.body(Fetch.java:12)", event.describe());
    }

    @Test
    void unknownFieldsSayUnknownAndIpv6IsBracketed() {
        TruncationEvent event = new TruncationEvent(Kind.AFTER_LOCAL_CLOSE, Transport.ENGINE, null, null,
                null, "::1", 8443, -1, null, null, null, Exchange.UNKNOWN, Harm.UNKNOWN, Framing.UNKNOWN, -1, -1, -1, -1, null);
        assertEquals("[::1]:8443", event.peer());
        String line = event.describe();
        assertTrue(line.contains("kind=after-local-close exchange=unknown harm=unknown framing=unknown"
                + " peer=[::1]:8443 role=unknown"),
                line);
        assertTrue(line.contains("protocol=unknown cipher=unknown transport=engine stack=unknown midRecord=unknown"
                + " bytesIn=unknown bytesOut=unknown quietMs=unknown ageMs=unknown callSite=unknown"),
                line);
        assertTrue(!line.contains("localPort"), line);
    }

    @Test
    void peerWithoutPortOrHost() {
        TruncationEvent event = new TruncationEvent(Kind.TRUNCATED, Transport.ENGINE, "jsse-engine", "server",
                null, null, -1, -1, null, null, null, Exchange.UNKNOWN, Harm.UNKNOWN, Framing.UNKNOWN, -1, -1, -1, -1, null);
        assertEquals("unknown", event.peer());
    }
}
