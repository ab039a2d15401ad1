package dev.closenotify.it.child;

import dev.closenotify.demo.AgentProbe;
import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.TlsMaterial;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A child program for the start-up options of the harm verdict ({@code closenotify.framing},
 * {@code closenotify.throw.harm}): for each argument, one HTTP/1.1 response cut by a bare FIN
 * and read by an SSLSocket client (TLS 1.3), then the agent's counters. Cases:
 * {@code close-delimited} (Connection: close, no length: silent), {@code content-length} (a short
 * Content-Length body: detected), {@code whole} (a whole Content-Length body: none).
 *
 * <p>Prints {@code CASE <name> read=<bytes>} or {@code CASE <name> threw=<exception class>}, then
 * {@code COUNTERS} with the MBean's truncation counters. The server layers its SSLSocket over a
 * raw socket and half-closes the raw one after the response, so it never reads an EOF itself:
 * every event is the client's.
 */
public final class HarmChild {

    private HarmChild() {
    }

    public static void main(String[] args) throws Exception {
        SSLContext context = TlsMaterial.context();
        for (String name : args) {
            System.out.println("CASE " + name + " " + one(context, response(name)));
        }
        // The agent registers its MBean off the start-up path: wait until it is there.
        if (!AgentProbe.locate().attached()) {
            throw new IllegalStateException("no agent MBean " + AgentProbe.OBJECT_NAME);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName mbean = new ObjectName(AgentProbe.OBJECT_NAME);
        StringBuilder line = new StringBuilder("COUNTERS");
        for (String attribute : new String[] {"Truncations", "SilentTruncations", "DetectedTruncations",
            "HarmlessTruncations", "UnknownHarmTruncations", "Thrown"}) {
            line.append(' ').append(attribute).append('=').append(server.getAttribute(mbean, attribute));
        }
        System.out.println(line);
        System.out.flush();
    }

    private static String response(String name) {
        return switch (name) {
            case "close-delimited" -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "x".repeat(300);
            case "content-length" -> "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(300);
            case "whole" -> "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n" + "x".repeat(300);
            default -> throw new IllegalArgumentException("no such case: " + name);
        };
    }

    private static String one(SSLContext context, String response) throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(EnginePeer.LOOPBACK, 0));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serve(context, listener, response));
            String outcome;
            try (SSLSocket client = (SSLSocket) context.getSocketFactory()
                    .createSocket(EnginePeer.LOOPBACK, listener.getLocalPort())) {
                client.setEnabledProtocols(new String[] {"TLSv1.3"});
                client.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
                OutputStream out = client.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                try {
                    outcome = "read=" + client.getInputStream().readAllBytes().length;
                } catch (Exception e) {
                    outcome = "threw=" + e.getClass().getName();
                }
            }
            served.get(EnginePeer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return outcome;
        }
    }

    private static void serve(SSLContext context, ServerSocket listener, String response) {
        try (Socket raw = listener.accept()) {
            raw.setSoTimeout(EnginePeer.TIMEOUT_MILLIS);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, null, raw.getPort(), false);
            tls.setUseClientMode(false);
            InputStream in = tls.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("the client ended before its request");
                }
                head.append((char) b);
            }
            tls.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
            tls.getOutputStream().flush();
            raw.shutdownOutput(); // FIN, no close_notify
            InputStream rawIn = raw.getInputStream();
            byte[] sink = new byte[512];
            while (rawIn.read(sink) >= 0) {
                // until the client closes
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
