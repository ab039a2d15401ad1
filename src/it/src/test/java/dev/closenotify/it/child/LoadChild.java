package dev.closenotify.it.child;

import dev.closenotify.demo.AgentProbe;
import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.Payload;
import dev.closenotify.demo.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A child program for the load tests: many threads of an ordinary SSLSocket client (TLS 1.2, one
 * SSLContext, so sessions resume) against a {@code TruncatingServer} in the test JVM; every
 * response is truncated. Usage:
 *
 * <pre>LoadChild &lt;port&gt; &lt;responseBytes&gt; &lt;threads&gt; &lt;warmup&gt; &lt;phase&gt;...</pre>
 *
 * where each phase is {@code policy:connections}. The warm-up runs under the start-up policy (it
 * loads JSSE, resolves the agent's JSSE access, starts its log writer); then the baseline is
 * taken; each phase sets {@code closenotify.policy}, runs its connections and prints a line with
 * the application's view (every connection must read all bytes and then -1), the agent's counter
 * delta and, after a full GC, live threads, open file descriptors and used heap against the
 * baseline:
 *
 * <pre>PHASE policy=count connections=20000 ok=20000 failed=0 wallMs=.. truncations=20000 ...</pre>
 */
public final class LoadChild {

    private static final byte[] REQUEST = Payload.request();

    private LoadChild() {
    }

    private record Snapshot(int threads, Set<String> threadNames, long fds, long heap, long truncations,
            long handshakeEofs, long afterLocalClose) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int responseBytes = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        if (!AgentProbe.locate().attached() && System.getProperty("load.noAgent") == null) {
            throw new IllegalStateException("the agent's MBean did not appear");
        }
        SSLContext context = TlsMaterial.context();
        run(context, port, responseBytes, Math.min(threads, Math.max(warmup, 1)), warmup);
        Snapshot base = snapshot();
        System.out.println("BASELINE threads=" + base.threads() + " fds=" + base.fds() + " heapKb="
                + base.heap() / 1024 + " truncations=" + base.truncations());
        for (int i = 4; i < args.length; i++) {
            String[] phase = args[i].split(":");
            System.setProperty("closenotify.policy", phase[0]);
            int connections = Integer.parseInt(phase[1]);
            Snapshot before = snapshot();
            long started = System.nanoTime();
            Result result = run(context, port, responseBytes, threads, connections);
            long wallMs = (System.nanoTime() - started) / 1_000_000;
            Snapshot after = snapshot();
            Set<String> newThreads = new TreeSet<>(after.threadNames());
            newThreads.removeAll(base.threadNames());
            System.out.println("PHASE policy=" + phase[0] + " connections=" + connections
                    + " ok=" + result.ok + " failed=" + result.failed.size() + " wallMs=" + wallMs
                    + " truncations=" + (after.truncations() - before.truncations())
                    + " handshakeEofs=" + (after.handshakeEofs() - before.handshakeEofs())
                    + " afterLocalClose=" + (after.afterLocalClose() - before.afterLocalClose())
                    + " threads=" + base.threads() + "->" + after.threads()
                    + " fds=" + base.fds() + "->" + after.fds()
                    + " heapKb=" + base.heap() / 1024 + "->" + after.heap() / 1024
                    + " newThreads=" + String.join(",", newThreads).replace(' ', '_'));
            for (String failure : result.failed.stream().limit(5).toList()) {
                System.out.println("FAILURE " + failure);
            }
        }
        System.out.println("UPTIME_MS " + ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.println("EXITING " + System.currentTimeMillis());
        System.out.flush();
        System.exit(0);
    }

    private static final class Result {
        final AtomicInteger okCount = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        int ok;
    }

    /** {@code connections} connections shared out over {@code threads} threads, all joined. */
    private static Result run(SSLContext context, int port, int responseBytes, int threads,
            int connections) throws InterruptedException {
        Result result = new Result();
        AtomicLong next = new AtomicLong();
        SSLSocketFactory factory = context.getSocketFactory();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (next.getAndIncrement() < connections) {
                    try {
                        long bytes = connectOnce(factory, port);
                        if (bytes == responseBytes) {
                            result.okCount.incrementAndGet();
                        } else {
                            result.failed.add("read " + bytes + " bytes instead of " + responseBytes);
                        }
                    } catch (Throwable e) {
                        result.failed.add(e.toString());
                    }
                }
            }, "load-client-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        result.ok = result.okCount.get();
        return result;
    }

    /**
     * Live heap after full GCs: the heap pools' usage right after the last collection (not the
     * current usage, which counts whatever was allocated since). Each GC is followed by waiting
     * until the reference handler has processed its references, so objects freed by cleaners go
     * in the next one; the smallest of three is taken.
     */
    static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
            System.gc();
            if (queue.remove(10_000) != canary) {
                throw new IllegalStateException("the reference handler did not run within 10 s");
            }
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            min = Math.min(min, used);
        }
        return min;
    }

    /** One ordinary client connection: request, read to -1; returns the bytes read. */
    private static long connectOnce(SSLSocketFactory factory, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            socket.setTcpNoDelay(true);
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.2"});
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.connect(new InetSocketAddress(EnginePeer.LOOPBACK, port), EnginePeer.TIMEOUT_MILLIS);
            socket.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(REQUEST);
            out.flush();
            byte[] buf = new byte[8192];
            long bytes = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes += n;
            }
            return bytes;
        }
    }

    /** After a full GC: threads, file descriptors, used heap, and the agent's counters. */
    private static Snapshot snapshot() throws Exception {
        long heap = heapAfterGc();
        Set<String> names = new TreeSet<>();
        Set<Thread> live = Thread.getAllStackTraces().keySet();
        for (Thread thread : live) {
            names.add(thread.getName());
        }
        long fds;
        try (Stream<Path> list = Files.list(Paths.get("/proc/self/fd"))) {
            fds = list.count();
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(AgentProbe.OBJECT_NAME);
        if (!server.isRegistered(name)) {
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), names, fds, heap,
                    0, 0, 0);
        }
        return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), names, fds, heap,
                (Long) server.getAttribute(name, "Truncations"),
                (Long) server.getAttribute(name, "HandshakeEofs"),
                (Long) server.getAttribute(name, "AfterLocalClose"));
    }
}
