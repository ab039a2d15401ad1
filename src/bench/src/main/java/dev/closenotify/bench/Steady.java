package dev.closenotify.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.closenotify.demo.engine.EnginePump;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Steady-state TLS on loopback, one mode per JVM (argument):
 * <ul>
 *   <li>{@code socket-throughput}, {@code engine-throughput}: one connection, the server writes
 *       16 KiB records as fast as it can, the client reads them; MB/s read by the client.</li>
 *   <li>{@code socket-handshakes}, {@code engine-handshakes}: connect, full handshake (the
 *       client session is invalidated so none is resumed), 1 byte of data, close_notify both
 *       ways, close; handshakes per second, one client and one server thread.</li>
 * </ul>
 * A warm-up phase ({@code -Dbench.warmup} seconds) is run and discarded, then the measured phase
 * ({@code -Dbench.measure} seconds). Also reported: process CPU per unit, which on a busy machine
 * is steadier than the rate. Loops are bounded by count and time; a watchdog ends a stuck run.
 */
public final class Steady {

    private static final int CHUNK = 16 * 1024;
    private static final long MAX_BYTES = 1L << 40;
    private static final long MAX_HANDSHAKES = 10_000_000L;

    private final SSLContext ctx;
    private final double warmup;
    private final double measure;
    private volatile boolean stop;

    private Steady(SSLContext ctx, double warmup, double measure) {
        this.ctx = ctx;
        this.warmup = warmup;
        this.measure = measure;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "socket-throughput";
        double warmup = Support.doubleProp("bench.warmup", 3);
        double measure = Support.doubleProp("bench.measure", 5);
        Support.watchdog(warmup + measure + 60);
        Steady s = new Steady(Support.context(), warmup, measure);
        switch (mode) {
            case "socket-throughput" -> s.socketThroughput();
            case "engine-throughput" -> s.engineThroughput();
            case "socket-handshakes" -> s.socketHandshakes();
            case "engine-handshakes" -> s.engineHandshakes();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    // ---- throughput -------------------------------------------------------------------------

    private void socketThroughput() throws Exception {
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 8, Support.LOOPBACK);
        server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        Thread writer = daemon("bench-writer", () -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[CHUNK];
                long written = 0;
                while (!stop && written < MAX_BYTES) {
                    out.write(chunk);
                    written += chunk.length;
                }
            }
        });
        try (SSLSocket client = (SSLSocket) ctx.getSocketFactory()
                .createSocket(Support.LOOPBACK, server.getLocalPort())) {
            client.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            byte[] buf = new byte[CHUNK];
            readTimed((b, o, l) -> in.read(b, o, l), buf);
        }
        writer.join(10_000);
        server.close();
    }

    private void engineThroughput() throws Exception {
        ServerSocket server = new ServerSocket(0, 8, Support.LOOPBACK);
        server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        Thread writer = daemon("bench-writer", () -> {
            try (EnginePump link = serverLink(server.accept())) {
                handshake(link);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
                long written = 0;
                while (!stop && written < MAX_BYTES) {
                    chunk.clear();
                    link.send(chunk);
                    written += CHUNK;
                }
                link.closeOutbound();
            }
        });
        try (EnginePump client = clientLink(server.getLocalPort())) {
            handshake(client);
            byte[] buf = new byte[CHUNK];
            readTimed(client::read, buf);
        }
        writer.join(10_000);
        server.close();
    }

    interface Reader {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /** Reads through warm-up and the measured window, then asks the writer to stop and drains. */
    private void readTimed(Reader in, byte[] buf) throws IOException {
        Phases phases = new Phases(warmup, measure);
        long bytes = 0;
        while (true) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                throw new IOException("writer ended early");
            }
            long now = System.nanoTime();
            if (!phases.counts(now)) {
                continue;
            }
            bytes += n;
            if (phases.over(now)) {
                long cpu = phases.cpuNanos();
                double seconds = phases.seconds(now);
                double mb = bytes / 1e6;
                Support.result("mb_per_s", mb / seconds);
                Support.result("cpu_us_per_mb", cpu / 1e3 / mb);
                break;
            }
        }
        stop = true;
        while (in.read(buf, 0, buf.length) >= 0) {
            // drain until the writer's close_notify
        }
    }

    // ---- handshakes -------------------------------------------------------------------------

    private void socketHandshakes() throws Exception {
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 64, Support.LOOPBACK);
        server.setSoTimeout(1_000);
        AtomicLong serverErrors = new AtomicLong();
        Thread acceptor = daemon("bench-acceptor", () -> {
            while (!stop) {
                SSLSocket s = (SSLSocket) Support.accept(server);
                if (s == null) {
                    continue;
                }
                try (s) {
                    s.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    out.write(1);
                    out.flush();
                    s.getInputStream().read(); // -1 at the client's close_notify
                } catch (IOException e) {
                    serverErrors.incrementAndGet();
                }
            }
        });
        int port = server.getLocalPort();
        handshakeLoop(() -> {
            try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                c.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                c.setTcpNoDelay(true);
                c.connect(new InetSocketAddress(Support.LOOPBACK, port), Support.SO_TIMEOUT_MILLIS);
                c.startHandshake();
                if (c.getInputStream().read() < 0) {
                    throw new IOException("no data");
                }
                c.getSession().invalidate();
            }
        });
        stop = true;
        acceptor.join(5_000);
        server.close();
        Support.result("server_errors", serverErrors.get());
    }

    private void engineHandshakes() throws Exception {
        ServerSocket server = new ServerSocket(0, 64, Support.LOOPBACK);
        server.setSoTimeout(1_000);
        AtomicLong serverErrors = new AtomicLong();
        Thread acceptor = daemon("bench-acceptor", () -> {
            while (!stop) {
                Socket raw = Support.accept(server);
                if (raw == null) {
                    continue;
                }
                try (EnginePump link = serverLink(raw)) {
                    handshake(link);
                    link.send(ByteBuffer.wrap(new byte[] {1}));
                    link.drain(); // until the client's close_notify
                    link.closeOutbound();
                } catch (IOException e) {
                    serverErrors.incrementAndGet();
                }
            }
        });
        int port = server.getLocalPort();
        byte[] one = new byte[1];
        handshakeLoop(() -> {
            try (EnginePump c = clientLink(port)) {
                handshake(c);
                if (c.read(one, 0, 1) < 0) {
                    throw new IOException("no data");
                }
                c.engine().getSession().invalidate();
                c.closeOutbound();
                c.drain(); // until the server's close_notify
            }
        });
        stop = true;
        acceptor.join(5_000);
        server.close();
        Support.result("server_errors", serverErrors.get());
    }

    interface Connection {
        void run() throws Exception;
    }

    private void handshakeLoop(Connection connection) throws Exception {
        Phases phases = new Phases(warmup, measure);
        long count = 0;
        for (long i = 0; i < MAX_HANDSHAKES; i++) {
            connection.run();
            long now = System.nanoTime();
            if (!phases.counts(now)) {
                continue;
            }
            count++;
            if (phases.over(now)) {
                long cpu = phases.cpuNanos();
                Support.result("hs_per_s", count / phases.seconds(now));
                Support.result("cpu_us_per_hs", cpu / 1e3 / count);
                return;
            }
        }
        throw new IllegalStateException("handshake loop hit its count bound");
    }

    /**
     * The clock of one measured loop: a warm-up of {@code warmup} seconds from construction, then
     * the measured window of {@code measure} seconds. The window opens at the first unit of work
     * that ends after the warm-up (that unit itself is not counted) and takes the process CPU
     * time there; every later unit counts, the first one ending at or after the window's end last.
     */
    private static final class Phases {
        private final long warmEnd;
        private final long end;
        private boolean measuring;
        private long t0;
        private long cpu0;

        Phases(double warmup, double measure) {
            long start = System.nanoTime();
            warmEnd = start + (long) (warmup * 1e9);
            end = warmEnd + (long) (measure * 1e9);
        }

        /** After a unit of work that ended at {@code now}: whether it counts. */
        boolean counts(long now) {
            if (!measuring) {
                if (now >= warmEnd) {
                    measuring = true;
                    t0 = now;
                    cpu0 = processCpu();
                }
                return false;
            }
            return true;
        }

        /** Whether a counted unit that ended at {@code now} is the last. */
        boolean over(long now) {
            return now >= end;
        }

        /** Process CPU time since the window opened. */
        long cpuNanos() {
            return processCpu() - cpu0;
        }

        /** Wall time from the window's opening to {@code now}. */
        double seconds(long now) {
            return (now - t0) / 1e9;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void handshake(EnginePump pump) throws IOException {
        if (!pump.handshake()) {
            throw new EOFException("transport ended during the handshake");
        }
    }

    private EnginePump serverLink(Socket raw) throws IOException {
        raw.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        raw.setTcpNoDelay(true);
        SSLEngine engine = ctx.createSSLEngine();
        engine.setUseClientMode(false);
        return new EnginePump(engine, raw);
    }

    private EnginePump clientLink(int port) throws IOException {
        Socket raw = new Socket();
        raw.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress(Support.LOOPBACK, port), Support.SO_TIMEOUT_MILLIS);
        SSLEngine engine = ctx.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        return new EnginePump(engine, raw);
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                System.err.println("bench: " + Thread.currentThread().getName() + ": " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
