package dev.closenotify.bench;

import dev.closenotify.demo.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * What every benchmark program shares: the project's key material, IPv4 loopback, bounded run
 * times, and the {@code RESULT name value} lines the harness collects from stdout.
 *
 * <p>Deliberately free of java.management: some programs time their own start-up and must not
 * load more than they measure.
 */
public final class Support {

    /** IPv4 explicitly: the demo certificate names 127.0.0.1, and ::1 is not guaranteed. */
    public static final InetAddress LOOPBACK = ipv4Loopback();
    /** Socket read timeout everywhere: no read may block for ever. */
    public static final int SO_TIMEOUT_MILLIS = 20_000;

    /** The request the {@code http} payload's client writes first. */
    public static final byte[] REQUEST = "GET /bulk HTTP/1.1\r\nHost: bench\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /**
     * The head of a response whose Content-Length no benchmark reaches (about 8 EiB): every byte
     * after it is body, so a framing tracker stays on, skipping each read's bytes.
     */
    public static final byte[] ENDLESS_RESPONSE_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Length: 9000000000000000000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private Support() {
    }

    /**
     * Ends the JVM after {@code seconds} whatever it is doing, so a stuck run can never hang the
     * harness. Exit status 3 tells the harness the run is invalid.
     */
    static void watchdog(double seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (seconds * 1000));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench: watchdog: run exceeded " + seconds + " s, halting");
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The next connection on {@code server}, or null when its SO_TIMEOUT ran out first: an accept
     * loop then checks whether it is to stop and calls again.
     */
    static Socket accept(ServerSocket server) throws IOException {
        try {
            return server.accept();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    static void result(String name, double value) {
        System.out.println("RESULT " + name + " " + String.format(Locale.ROOT, "%.6f", value));
    }

    static double doubleProp(String name, double fallback) {
        String v = System.getProperty(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    static long longProp(String name, long fallback) {
        String v = System.getProperty(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    /** The project key store (src/tls/demo.p12): server identity and the client's only anchor. */
    public static SSLContext context() throws IOException, GeneralSecurityException {
        Path path = Paths.get(System.getProperty("bench.keystore", "src/tls/demo.p12"));
        try (InputStream in = Files.newInputStream(path)) {
            return TlsMaterial.fromKeyStore(in, path.toString());
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
