package dev.closenotify.bench;

import dev.closenotify.demo.engine.EnginePump;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Memory the agent adds to an application that has used TLS: the program makes a few
 * connections over SSLSocket and SSLEngine (clean ones and one truncated one of each, so the
 * agent's event path has run too), then runs a full GC three times and reports, in KiB:
 * {@code heap_used_kb} (all heap pools after GC), {@code metaspace_kb} and
 * {@code class_space_kb} (used), {@code code_cache_kb} (used, all code heap pools), plus
 * {@code classes_loaded}. Agent minus no-agent is what the agent costs in memory.
 */
public final class Memory {

    private static final int CLEAN_CONNECTIONS = 5;

    private Memory() {
    }

    public static void main(String[] args) throws Exception {
        Support.watchdog(60);
        SSLContext ctx = Support.context();
        try (ServerSocket server = new ServerSocket(0, 16, Support.LOOPBACK)) {
            server.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            for (int i = 0; i < CLEAN_CONNECTIONS; i++) {
                socketConnection(ctx, server, false);
                engineConnection(ctx, server, false);
            }
            socketConnection(ctx, server, true);
            engineConnection(ctx, server, true);
        }
        // Let the agent's background MBean registration finish before measuring.
        Thread.sleep(500);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = 0;
        long metaspace = 0;
        long classSpace = 0;
        long codeCache = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long used = pool.getUsage().getUsed();
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP) {
                heap += used;
            } else if (name.equals("Metaspace")) {
                metaspace = used;
            } else if (name.equals("Compressed Class Space")) {
                classSpace = used;
            } else if (name.startsWith("CodeHeap") || name.equals("Code Cache")) {
                codeCache += used;
            }
        }
        Support.result("heap_used_kb", heap / 1024.0);
        Support.result("metaspace_kb", metaspace / 1024.0);
        Support.result("class_space_kb", classSpace / 1024.0);
        Support.result("code_cache_kb", codeCache / 1024.0);
        Support.result("classes_loaded",
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    }

    /** Server side for both transports: a server-mode SSLSocket layered over the raw socket. */
    private static Thread serve(SSLContext ctx, ServerSocket server, boolean truncate) {
        Thread t = new Thread(() -> {
            try (Socket raw = server.accept()) {
                raw.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory()
                        .createSocket(raw, null, raw.getPort(), true);
                tls.setUseClientMode(false);
                OutputStream out = tls.getOutputStream();
                out.write(new byte[2048]);
                out.flush();
                if (truncate) {
                    raw.shutdownOutput(); // FIN, no close_notify
                    InputStream in = raw.getInputStream();
                    while (in.read(new byte[512]) >= 0) {
                        // until the client is done
                    }
                } else {
                    tls.close(); // close_notify
                }
            } catch (IOException e) {
                System.err.println("bench: server: " + e);
            }
        }, "bench-server");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void socketConnection(SSLContext ctx, ServerSocket server, boolean truncate)
            throws Exception {
        Thread t = serve(ctx, server, truncate);
        try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            c.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
            c.connect(new InetSocketAddress(Support.LOOPBACK, server.getLocalPort()));
            InputStream in = c.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // to the end, clean or not
            }
        }
        t.join(5_000);
    }

    private static void engineConnection(SSLContext ctx, ServerSocket server, boolean truncate)
            throws Exception {
        Thread t = serve(ctx, server, truncate);
        Socket raw = new Socket();
        raw.setSoTimeout(Support.SO_TIMEOUT_MILLIS);
        raw.connect(new InetSocketAddress(Support.LOOPBACK, server.getLocalPort()));
        SSLEngine engine = ctx.createSSLEngine("localhost", server.getLocalPort());
        engine.setUseClientMode(true);
        try (EnginePump link = new EnginePump(engine, raw)) {
            if (!link.handshake()) {
                throw new EOFException("transport ended during the handshake");
            }
            link.drain();
        } catch (SSLException expected) {
            // closeInbound() at a truncation: the JDK's own exception.
            if (!truncate) {
                throw expected;
            }
        }
        t.join(5_000);
    }
}
