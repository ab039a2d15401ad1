package dev.closenotify.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Allocation on the normal (non-EOF) read path, measured with
 * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes} on the reading thread around
 * batches of reads, after a warm-up long enough for the JIT to compile the path. Mode (argument):
 * <ul>
 *   <li>{@code socket}: an established SSLSocket on loopback; the server thread sends 4 KiB
 *       records, the client reads them with a 4 KiB buffer (one record per read).</li>
 *   <li>{@code engine}: an established client SSLEngine unwrapping 4 KiB records that a server
 *       engine wrapped beforehand, in memory ({@link EnginePair}; wrapping happens outside the
 *       measured region).</li>
 * </ul>
 * Reported: {@code bytes_per_read}, the median over the measured batches. The JDK itself may
 * allocate on this path; what matters is the difference the agent makes.
 */
public final class ReadAlloc {

    private static final int RECORD = 4096;

    private ReadAlloc() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "socket";
        double warmup = Support.doubleProp("bench.warmup", 2);
        int batches = (int) Support.longProp("bench.batches", 9);
        int perBatch = (int) Support.longProp("bench.reads", 20_000);
        Support.watchdog(warmup + 90);
        SSLContext ctx = Support.context();
        double[] perRead = mode.equals("engine")
                ? engine(ctx, warmup, batches, perBatch)
                : socket(ctx, warmup, batches, perBatch);
        Arrays.sort(perRead);
        Support.result("bytes_per_read", perRead[perRead.length / 2]);
        Support.result("bytes_per_read_min", perRead[0]);
        Support.result("bytes_per_read_max", perRead[perRead.length - 1]);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    // ---- socket -------------------------------------------------------------------------------

    private static volatile boolean stop;

    private static double[] socket(SSLContext ctx, double warmup, int batches, int perBatch)
            throws Exception {
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 8, Support.LOOPBACK);
        server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        Thread writer = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[RECORD];
                for (long i = 0; i < 100_000_000L && !stop; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                System.err.println("bench: writer: " + e);
            }
        }, "bench-writer");
        writer.setDaemon(true);
        writer.start();
        double[] result = new double[batches];
        try (SSLSocket client = (SSLSocket) ctx.getSocketFactory()
                .createSocket(Support.LOOPBACK, server.getLocalPort())) {
            client.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            byte[] buf = new byte[RECORD];
            long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < warmEnd) {
                readN(in, buf, 1_000);
            }
            for (int b = 0; b < batches; b++) {
                long a0 = allocated();
                readN(in, buf, perBatch);
                long a1 = allocated();
                result[b] = (double) (a1 - a0) / perBatch;
            }
            stop = true;
            while (in.read(buf) >= 0) {
                // drain until the writer's close_notify
            }
        }
        writer.join(5_000);
        server.close();
        return result;
    }

    private static void readN(InputStream in, byte[] buf, int reads) throws IOException {
        for (int i = 0; i < reads; i++) {
            if (in.read(buf, 0, buf.length) < 0) {
                throw new IOException("writer ended early");
            }
        }
    }

    // ---- engine -------------------------------------------------------------------------------

    private static double[] engine(SSLContext ctx, double warmup, int batches, int perBatch)
            throws Exception {
        EnginePair pair = new EnginePair(ctx, null, RECORD, 64);
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < warmEnd) {
            pair.fill();
            pair.unwrapAll();
        }
        double[] result = new double[batches];
        for (int b = 0; b < batches; b++) {
            long reads = 0;
            long bytes = 0;
            while (reads < perBatch) {
                pair.fill();
                long a0 = allocated();
                int n = pair.unwrapAll();
                long a1 = allocated();
                reads += n;
                bytes += a1 - a0;
            }
            result[b] = (double) bytes / reads;
        }
        return result;
    }
}
