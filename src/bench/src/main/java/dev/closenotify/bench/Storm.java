package dev.closenotify.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A storm of truncated TLS connections: {@code -Dbench.threads} client threads (default 4) each
 * connect, handshake (sessions are resumed, as a real client would), read the server's 100 bytes
 * and then meet an EOF without close_notify: the server ends every connection with a bare FIN.
 * Every client connection therefore produces exactly one event at
 * {@code SSLSocketImpl.handleEOF}.
 *
 * <p>Reported for the measured window: {@code events_per_s} (truncated connections completed
 * per second, wall), {@code cpu_us_per_conn} (process CPU per connection: handshake included),
 * and {@code eof_read_cpu_us}: the reading thread's own CPU time spent in the one {@code read()}
 * that returns -1, averaged. The agent runs its whole event handling (classify, count, log line)
 * on that thread inside that call, so agent minus no-agent of this figure is the CPU cost of one
 * event. With the agent, its MBean counter is read at the end as a check that it saw every event.
 */
public final class Storm {

    private static final byte[] RESPONSE = new byte[100];
    private static final long MAX_CONNECTIONS_PER_THREAD = 5_000_000L;

    private final SSLContext ctx;
    private final ServerSocket server;
    private volatile boolean stop;
    private final AtomicLong serverErrors = new AtomicLong();

    private Storm(SSLContext ctx) throws IOException {
        this.ctx = ctx;
        this.server = new ServerSocket(0, 256, Support.LOOPBACK);
        this.server.setSoTimeout(1_000);
    }

    public static void main(String[] args) throws Exception {
        double warmup = Support.doubleProp("bench.warmup", 2);
        double measure = Support.doubleProp("bench.measure", 3);
        int threads = (int) Support.longProp("bench.threads", 4);
        Support.watchdog(warmup + measure + 60);
        new Storm(Support.context()).run(threads, warmup, measure);
    }

    private void run(int threads, double warmup, double measure) throws Exception {
        List<Thread> servers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::serveLoop, "bench-server-" + i);
            t.setDaemon(true);
            t.start();
            servers.add(t);
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (measure * 1e9);
        Client[] clients = new Client[threads];
        Thread[] clientThreads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            clients[i] = new Client(measureFrom, measureTo);
            clientThreads[i] = new Thread(clients[i], "bench-client-" + i);
            clientThreads[i].start();
        }
        long waitUntil = System.currentTimeMillis() + (long) ((warmup + measure + 30) * 1000);
        for (Thread t : clientThreads) {
            t.join(Math.max(1, waitUntil - System.currentTimeMillis()));
        }
        long cpuAtEnd = Steady.processCpu();
        stop = true;

        long events = 0;
        long total = 0;
        long eofCpu = 0;
        long errors = 0;
        long firstIn = Long.MAX_VALUE;
        long lastIn = Long.MIN_VALUE;
        long cpuFrom = Long.MAX_VALUE;
        for (Client c : clients) {
            if (c.failure != null) {
                throw new IllegalStateException("client failed", c.failure);
            }
            events += c.measured;
            total += c.total;
            eofCpu += c.eofCpuNanos;
            errors += c.errors;
            firstIn = Math.min(firstIn, c.windowStart);
            lastIn = Math.max(lastIn, c.windowEnd);
            cpuFrom = Math.min(cpuFrom, c.cpuAtWindowStart);
        }
        double seconds = (lastIn - firstIn) / 1e9;
        if (events > 0 && seconds > 0) {
            Support.result("events_per_s", events / seconds);
            Support.result("cpu_us_per_conn", (cpuAtEnd - cpuFrom) / 1e3 / events);
            Support.result("eof_read_cpu_us", eofCpu / 1e3 / events);
        } else {
            System.err.println("bench: no connection completed inside the measured window");
        }
        Support.result("connections_total", total);
        Support.result("client_errors", errors);
        Support.result("server_errors", serverErrors.get());
        Long seen = agentTruncations();
        if (seen != null) {
            Support.result("agent_truncations", seen);
        }
        for (Thread t : servers) {
            t.join(3_000);
        }
        server.close();
    }

    /** Accepts until stopped; each connection: handshake, 100 bytes, FIN without close_notify. */
    private void serveLoop() {
        while (!stop) {
            Socket raw;
            try {
                raw = Support.accept(server);
            } catch (IOException e) {
                if (!stop) {
                    serverErrors.incrementAndGet();
                }
                return;
            }
            if (raw == null) {
                continue;
            }
            try (raw) {
                raw.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                raw.setTcpNoDelay(true);
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory()
                        .createSocket(raw, null, raw.getPort(), false);
                tls.setUseClientMode(false);
                OutputStream out = tls.getOutputStream();
                out.write(RESPONSE);
                out.flush();
                // The truncation: FIN on the TCP socket, the TLS layer never sends close_notify.
                raw.shutdownOutput();
                // Wait for the client to finish (its close_notify and FIN) before closing.
                InputStream in = raw.getInputStream();
                byte[] sink = new byte[512];
                while (in.read(sink) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                serverErrors.incrementAndGet();
            }
        }
    }

    private final class Client implements Runnable {
        private final long measureFrom;
        private final long measureTo;
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long measured;
        long total;
        long eofCpuNanos;
        long errors;
        long windowStart;
        long windowEnd;
        long cpuAtWindowStart;
        Throwable failure;

        Client(long measureFrom, long measureTo) {
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void loop() throws IOException {
            int port = server.getLocalPort();
            byte[] buf = new byte[4096];
            boolean measuring = false;
            for (long i = 0; i < MAX_CONNECTIONS_PER_THREAD; i++) {
                long now = System.nanoTime();
                if (!measuring && now >= measureFrom) {
                    measuring = true;
                    windowStart = now;
                    cpuAtWindowStart = Steady.processCpu();
                }
                if (now >= measureTo) {
                    windowEnd = now;
                    return;
                }
                long eofCpu = -1;
                try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                    c.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                    c.setTcpNoDelay(true);
                    c.connect(new InetSocketAddress(Support.LOOPBACK, port), Support.SO_TIMEOUT_MILLIS);
                    InputStream in = c.getInputStream();
                    while (true) {
                        long cpu0 = mx.getCurrentThreadCpuTime();
                        int n = in.read(buf);
                        if (n < 0) {
                            eofCpu = mx.getCurrentThreadCpuTime() - cpu0;
                            break;
                        }
                    }
                } catch (IOException e) {
                    errors++;
                }
                total++;
                if (measuring && eofCpu >= 0) {
                    measured++;
                    eofCpuNanos += eofCpu;
                }
            }
            windowEnd = System.nanoTime();
        }
    }

    /** The agent's own count (closenotify:type=Agent), or null without the agent. */
    private static Long agentTruncations() {
        try {
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("closenotify:type=Agent");
            for (int i = 0; i < 50 && !mbs.isRegistered(name); i++) {
                Thread.sleep(100);
            }
            if (!mbs.isRegistered(name)) {
                return null;
            }
            return (Long) mbs.getAttribute(name, "Truncations");
        } catch (Exception e) {
            return null;
        }
    }
}
