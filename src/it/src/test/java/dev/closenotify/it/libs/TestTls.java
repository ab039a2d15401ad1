package dev.closenotify.it.libs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The project keystore ({@code src/tls/demo.p12}, copied to {@code /tls/demo.p12} by the demo
 * build) as everything the library tests need: one SSLContext (server key and the same certificate
 * as the only trust anchor), the factories the libraries want, and PEM files for openssl, nginx and
 * Python.
 */
final class TestTls {

    static final String ALIAS = "demo";
    // Test-only key material, see src/tls/README.md.
    static final char[] PASSWORD = "changeit".toCharArray();
    /** IPv4 loopback literal: the certificate names 127.0.0.1, not ::1. */
    static final InetAddress LOOPBACK = loopback();

    private static KeyStore keys;
    private static KeyManagerFactory kmf;
    private static TrustManagerFactory tmf;
    private static SSLContext context;

    private TestTls() {
    }

    static synchronized KeyStore keyStore() {
        if (keys == null) {
            try (InputStream in = TestTls.class.getResourceAsStream("/tls/demo.p12")) {
                if (in == null) {
                    throw new IllegalStateException("/tls/demo.p12 is not on the class path");
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, PASSWORD);
                keys = ks;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load the demo keystore", e);
            }
        }
        return keys;
    }

    static synchronized KeyManagerFactory keyManagers() {
        if (kmf == null) {
            try {
                KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                f.init(keyStore(), PASSWORD);
                kmf = f;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return kmf;
    }

    static synchronized TrustManagerFactory trustManagers() {
        if (tmf == null) {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry(ALIAS, keyStore().getCertificate(ALIAS));
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(trust);
                tmf = f;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return tmf;
    }

    static X509TrustManager trustManager() {
        return (X509TrustManager) trustManagers().getTrustManagers()[0];
    }

    /** One context for both ends; the JDK provider (SunJSSE), which is what the agent hooks. */
    static synchronized SSLContext context() {
        if (context == null) {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(keyManagers().getKeyManagers(), trustManagers().getTrustManagers(), null);
                context = c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return context;
    }

    /** Writes {@code cert.pem} and {@code key.pem} (PKCS#8) into {@code dir}. */
    static PemFiles writePem(Path dir) {
        try {
            Certificate cert = keyStore().getCertificate(ALIAS);
            Key key = keyStore().getKey(ALIAS, PASSWORD);
            Path certFile = dir.resolve("cert.pem");
            Path keyFile = dir.resolve("key.pem");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new PemFiles(certFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record PemFiles(Path cert, Path key) {
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
