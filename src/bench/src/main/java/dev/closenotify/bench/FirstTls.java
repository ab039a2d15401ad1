package dev.closenotify.bench;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * First TLS use: how long after the process started does the first handshake and the first read
 * of application data complete, on loopback, in a fresh JVM.
 *
 * <p>Clock: the harness starts the JVM with {@code -Dbench.t0=$EPOCHREALTIME}, bash's
 * microsecond wall clock taken immediately before it execs the {@code java} launcher, and this
 * program reads the same wall clock ({@link Instant#now()}) when the read completes. So the figure
 * covers everything the user waits for: launcher, JVM boot, any agent's premain, and the TLS
 * work, including class loading and any weaving at first use. (The JVM's own
 * {@code RuntimeMXBean.getStartTime()} is not used: it has millisecond resolution and needs
 * java.management, which this program must not load before it has measured.)
 *
 * <p>Phases (RESULT lines, milliseconds): {@code to_main} exec to main();
 * {@code context} key store and SSLContext; {@code socket_class} creating the first SSLSocket
 * (loads SSLSocketImpl, which is when the agent weaves it); {@code handshake} connect and
 * handshake; {@code read} first 1 KiB of application data; {@code first_read} the total.
 */
public final class FirstTls {

    private FirstTls() {
    }

    public static void main(String[] args) throws Exception {
        Instant mainAt = Instant.now();
        Support.watchdog(60);
        String t0 = System.getProperty("bench.t0");
        if (t0 == null) {
            throw new IllegalStateException("start with -Dbench.t0=$EPOCHREALTIME");
        }
        long t0Micros = parseEpochMicros(t0);

        long n0 = System.nanoTime();
        SSLContext ctx = Support.context();
        long n1 = System.nanoTime();
        SSLSocket client = (SSLSocket) ctx.getSocketFactory().createSocket();
        long n2 = System.nanoTime();

        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 8, Support.LOOPBACK);
        server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        Thread serverThread = new Thread(() -> serveOnce(server), "bench-server");
        serverThread.setDaemon(true);
        serverThread.start();

        client.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        // No Nagle on either side: otherwise the first read waits for a delayed ACK (~40 ms).
        client.setTcpNoDelay(true);
        client.connect(new InetSocketAddress(Support.LOOPBACK, server.getLocalPort()),
                Support.SO_TIMEOUT_MILLIS);
        client.startHandshake();
        long n3 = System.nanoTime();
        byte[] buf = new byte[1024];
        InputStream in = client.getInputStream();
        int got = 0;
        while (got < buf.length) {
            int r = in.read(buf, got, buf.length - got);
            if (r < 0) {
                throw new EOFException("server closed after " + got + " bytes");
            }
            got += r;
        }
        long n4 = System.nanoTime();
        Instant readAt = Instant.now();

        client.close();
        serverThread.join(5_000);
        server.close();

        Support.result("to_main_ms", (micros(mainAt) - t0Micros) / 1e3);
        Support.result("context_ms", (n1 - n0) / 1e6);
        Support.result("socket_class_ms", (n2 - n1) / 1e6);
        Support.result("handshake_ms", (n3 - n2) / 1e6);
        Support.result("read_ms", (n4 - n3) / 1e6);
        Support.result("first_read_ms", (micros(readAt) - t0Micros) / 1e3);
    }

    private static void serveOnce(SSLServerSocket server) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(new byte[1024]);
            out.flush();
            // Wait for the client's close so the server's close_notify never races its read.
            s.getInputStream().read();
        } catch (Exception e) {
            System.err.println("bench: server: " + e);
        }
    }

    static long parseEpochMicros(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(text) * 1_000_000L;
        }
        String frac = (text.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(text.substring(0, dot)) * 1_000_000L + Long.parseLong(frac);
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
