package dev.closenotify.it.child;

import dev.closenotify.demo.AcceptLoop;
import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.Payload;
import dev.closenotify.demo.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal TLS server for the load tests that truncates every response: it accepts raw TCP,
 * layers a server-mode SSLSocket over it (so it keeps the raw socket), reads one request line,
 * sends {@code responseBytes} bytes of application data, then half-closes the raw socket: a FIN
 * without close_notify. It then drains the raw socket until the client closes, so its own TLS
 * layer never reads the EOF, and closes. TLS 1.2 and 1.3 are both accepted; a client that reuses
 * one SSLContext resumes its TLS 1.2 session, which keeps 20,000 handshakes cheap.
 */
public final class TruncatingServer implements AutoCloseable {

    private final ServerSocket server;
    private final SSLSocketFactory factory;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final byte[] response;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Throwable firstFailure;
    private volatile boolean closed;

    private TruncatingServer(SSLContext context, int responseBytes, int workers) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(EnginePeer.LOOPBACK, 0), 512);
        this.factory = context.getSocketFactory();
        this.response = Payload.response(responseBytes);
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "truncating-server-worker");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "truncating-server-accept");
        this.acceptor.setDaemon(true);
    }

    public static TruncatingServer start(int responseBytes, int workers) throws Exception {
        TruncatingServer s = new TruncatingServer(TlsMaterial.context(), responseBytes, workers);
        s.acceptor.start();
        return s;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections served to the end (response sent, FIN sent, client's close seen). */
    public long served() {
        return served.get();
    }

    public long failed() {
        return failed.get();
    }

    public Throwable firstFailure() {
        return firstFailure;
    }

    private void acceptLoop() {
        AcceptLoop.run(server, () -> closed, this::fail, raw -> {
            workers.execute(() -> serve(raw));
            return true;
        });
    }

    private void serve(Socket raw) {
        try (raw) {
            raw.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            raw.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) factory.createSocket(raw, null, raw.getPort(), false);
            tls.setUseClientMode(false);
            InputStream in = tls.getInputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                // the request line; its content does not matter
            }
            if (b < 0) {
                throw new IOException("client ended before its request line");
            }
            OutputStream out = tls.getOutputStream();
            out.write(response);
            out.flush();
            raw.shutdownOutput(); // FIN, no close_notify
            InputStream rawIn = raw.getInputStream();
            byte[] sink = new byte[512];
            try {
                while (rawIn.read(sink) >= 0) {
                    // the client's close_notify, then its FIN
                }
            } catch (SocketException reset) {
                // A client may end with a reset; it has read the response by then.
            }
            served.incrementAndGet();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = t;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        server.close();
        workers.shutdown();
        workers.awaitTermination(EnginePeer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
}
