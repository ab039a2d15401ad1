package dev.closenotify.agent.stacks.spi;

import javax.net.ssl.SSLSession;

/**
 * The negotiated protocol and cipher of a session as events name them: null (printed
 * {@code unknown}) for the placeholders a session gives before a handshake has completed.
 */
public final class Sessions {

    private Sessions() {
    }

    public static String protocol(SSLSession session) {
        String protocol = session.getProtocol();
        return protocol == null || protocol.equals("NONE") ? null : protocol;
    }

    public static String cipherSuite(SSLSession session) {
        String cipher = session.getCipherSuite();
        return cipher == null || cipher.equals("SSL_NULL_WITH_NULL_NULL") ? null : cipher;
    }
}
