package dev.closenotify.agent.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallSiteTest {

    @Test
    void skipsJdkAndAgentFrames() {
        assertTrue(CallSite.isInfrastructure("sun.security.ssl.SSLSocketImpl"));
        assertTrue(CallSite.isInfrastructure("java.io.InputStream"));
        assertTrue(CallSite.isInfrastructure("jdk.internal.net.http.common.SSLFlowDelegate"));
        assertTrue(CallSite.isInfrastructure("dev.closenotify.agent.event.TruncationHandler"));
        assertFalse(CallSite.isInfrastructure("dev.closenotify.demo.SocketClient"));
        assertFalse(CallSite.isInfrastructure("io.netty.handler.ssl.SslHandler"));
    }

    @Test
    void findsTheCallerOutsideTheAgent() {
        // Test classes live in an agent package, so the first frame outside is JUnit's.
        String site = CallSite.find();
        assertTrue(site != null && site.startsWith("org.junit."), site);
        assertTrue(site.matches(".+\\.[^.]+\\(.+\\)"), site);
    }
}
