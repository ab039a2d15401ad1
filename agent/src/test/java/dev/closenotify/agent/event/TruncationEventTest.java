package dev.closenotify.agent.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TruncationEventTest {

    @Test
    void describesEveryFieldAndNamesCloseNotify() {
        TruncationEvent event = new TruncationEvent(Kind.TRUNCATED, Transport.SOCKET, "client",
                "example.test", "192.0.2.7", 443, 50000, "TLSv1.3", "TLS_AES_128_GCM_SHA256", true,
                "com.acme.Fetch.body(Fetch.java:12)");
        assertEquals("TLS peer closed without close_notify: kind=truncated peer=example.test:443"
                + " address=192.0.2.7 role=client protocol=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256"
                + " transport=socket midRecord=true localPort=50000"
                + " callSite=com.acme.Fetch.body(Fetch.java:12)", event.describe());
    }

    @Test
    void unknownFieldsSayUnknownAndIpv6IsBracketed() {
        TruncationEvent event = new TruncationEvent(Kind.AFTER_LOCAL_CLOSE, Transport.ENGINE, null,
                null, "::1", 8443, -1, null, null, null, null);
        assertEquals("[::1]:8443", event.peer());
        String line = event.describe();
        assertTrue(line.contains("kind=after-local-close peer=[::1]:8443 role=unknown"), line);
        assertTrue(line.contains("protocol=unknown cipher=unknown transport=engine midRecord=unknown"
                + " callSite=unknown"), line);
        assertTrue(!line.contains("localPort"), line);
    }

    @Test
    void peerWithoutPortOrHost() {
        TruncationEvent event = new TruncationEvent(Kind.TRUNCATED, Transport.ENGINE, "server",
                null, null, -1, -1, null, null, null, null);
        assertEquals("unknown", event.peer());
    }
}
