package dev.closenotify.bench.jmh;

import dev.closenotify.bench.Support;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk {@code SSLSocket} read over loopback, TLS 1.3: a server thread in the same JVM writes
 * 16 KiB application writes (one full record each) as fast as it can; the benchmark thread reads
 * them. One operation is reading 16 KiB (usually one {@code read} call, one record), so the score
 * times 16 KiB is the read throughput. With the agent this is the tracked non-EOF read path.
 * {@code payload=raw} bytes are not HTTP, so the agent's framing tracker switches itself off at
 * the first byte; with {@code payload=http} the client first writes a request and reads the
 * head of an endless response, so the tracker follows every read of its body.
 */
public class SocketRead extends PerRead {

    static final int WRITE = 16 * 1024;
    private static final String[] TLS13 = {"TLSv1.3"};

    private SSLServerSocket server;
    private SSLSocket client;
    private InputStream in;
    private Thread writer;
    private final AtomicReference<Throwable> writerError = new AtomicReference<>();
    private volatile boolean stop;
    private final byte[] buf = new byte[WRITE];

    @Param({"raw", "http"})
    public String payload;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Variant.checkStart();
        SSLContext ctx = Support.context();
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 8, Support.LOOPBACK);
        server.setEnabledProtocols(TLS13);
        server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        writer = new Thread(this::serve, "bench-writer");
        writer.setDaemon(true);
        writer.start();
        client = (SSLSocket) ctx.getSocketFactory().createSocket(Support.LOOPBACK, server.getLocalPort());
        client.setEnabledProtocols(TLS13);
        client.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        client.startHandshake();
        String protocol = client.getSession().getProtocol();
        if (!protocol.equals("TLSv1.3")) {
            throw new IllegalStateException("negotiated " + protocol + ", not TLSv1.3");
        }
        in = client.getInputStream();
        if (payload.equals("http")) {
            client.getOutputStream().write(Support.REQUEST);
            client.getOutputStream().flush();
            readFully(in, Support.ENDLESS_RESPONSE_HEAD.length);
        }
    }

    private static void readFully(InputStream in, int count) throws IOException {
        byte[] head = new byte[count];
        int got = 0;
        while (got < count) {
            int n = in.read(head, got, count - got);
            if (n < 0) {
                throw new EOFException("server ended before the response head");
            }
            got += n;
        }
    }

    private void serve() {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            if (payload.equals("http")) {
                readFully(s.getInputStream(), Support.REQUEST.length);
                out.write(Support.ENDLESS_RESPONSE_HEAD);
            }
            byte[] chunk = new byte[WRITE];
            while (!stop) {
                out.write(chunk);
            }
            // Ends with close_notify: the reader's drain sees a clean -1, never an agent event.
        } catch (IOException | RuntimeException e) {
            writerError.set(e);
        }
    }

    @Benchmark
    public int read16k() throws IOException {
        int got = 0;
        while (got < WRITE) {
            int n = in.read(buf, got, WRITE - got);
            if (n < 0) {
                throw withCause(new EOFException("writer ended early"), writerError.get());
            }
            got += n;
        }
        return got;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            Variant.checkHooked("SSLSocketImpl");
            stop = true;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (in.read(buf) >= 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("writer did not stop");
                }
            }
            writer.join(10_000);
            Throwable e = writerError.get();
            if (e != null) {
                throw new IllegalStateException("writer failed", e);
            }
        } finally {
            client.close();
            server.close();
        }
    }

    /** EOFException has no constructor that takes a cause. */
    private static EOFException withCause(EOFException e, Throwable cause) {
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
