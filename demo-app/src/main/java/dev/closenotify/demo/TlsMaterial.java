package dev.closenotify.demo;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one SSLContext both ends use. The client trusts exactly the demo certificate, so nothing
 * depends on the JDK's cacerts and a real handshake (with hostname check) happens on loopback.
 */
public final class TlsMaterial {

    static final String KEYSTORE_RESOURCE = "/tls/demo.p12";
    /**
     * Overrides the host name the engine client gives its SSLEngine (default {@code localhost}).
     * For tests that need a distinctive peer name in the agent's output: the certificate cannot
     * name it, so host name verification is off for such an engine.
     */
    static final String PEER_HOST_PROPERTY = "demo.peer.host";
    static final String DEFAULT_PEER_HOST = "localhost";
    static final String ALIAS = "demo";
    // Test-only key material, see src/tls/README.md in the repository.
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static volatile SSLContext context;

    private TlsMaterial() {
    }

    /** Built once: loading the keystore and seeding the context costs more than a handshake. */
    public static SSLContext context() throws IOException, GeneralSecurityException {
        SSLContext c = context;
        if (c == null) {
            synchronized (TlsMaterial.class) {
                c = context;
                if (c == null) {
                    c = build();
                    context = c;
                }
            }
        }
        return c;
    }

    private static SSLContext build() throws IOException, GeneralSecurityException {
        try (InputStream in = TlsMaterial.class.getResourceAsStream(KEYSTORE_RESOURCE)) {
            if (in == null) {
                throw new IOException("keystore " + KEYSTORE_RESOURCE + " not on the classpath");
            }
            return fromKeyStore(in, KEYSTORE_RESOURCE);
        }
    }

    /**
     * An SSLContext from a PKCS12 key store like the demo's (src/tls/demo.p12, password
     * {@code changeit}): its entry {@value #ALIAS} is the server identity, and that entry's
     * certificate the client's only trust anchor. {@code source} names the store in errors.
     */
    public static SSLContext fromKeyStore(InputStream in, String source)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(in, PASSWORD);
        Certificate cert = keys.getCertificate(ALIAS);
        if (cert == null) {
            throw new GeneralSecurityException("no entry '" + ALIAS + "' in " + source);
        }
        // A separate trust store with only the certificate makes "trust exactly this" explicit
        // instead of relying on the trust manager also accepting key entries.
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, cert);

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Server side accepts both versions; the client decides which one a run uses. */
    static SSLEngine serverEngine(SSLContext ctx) {
        SSLEngine engine = ctx.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {TlsVersion.TLS_1_3.protocol(), TlsVersion.TLS_1_2.protocol()});
        return engine;
    }

    public static SSLEngine clientEngine(SSLContext ctx, String host, int port, TlsVersion version) {
        SSLEngine engine = ctx.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = clientParameters(engine.getSSLParameters(), version);
        if (!host.equals(DEFAULT_PEER_HOST)) {
            params.setEndpointIdentificationAlgorithm(null);
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /** The engine client's peer host name: {@value #PEER_HOST_PROPERTY}, else localhost. */
    static String enginePeerHost() {
        String host = System.getProperty(PEER_HOST_PROPERTY);
        return host == null || host.isBlank() ? DEFAULT_PEER_HOST : host.trim();
    }

    public static void configureClient(SSLSocket socket, TlsVersion version) {
        socket.setSSLParameters(clientParameters(socket.getSSLParameters(), version));
    }

    private static SSLParameters clientParameters(SSLParameters params, TlsVersion version) {
        params.setProtocols(new String[] {version.protocol()});
        // Verify the host like a real client would; the certificate carries localhost and 127.0.0.1.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        return params;
    }
}
