package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.demo.engine.EnginePump;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harm verdict on the server side (issue 11): a server judges the requests it reads, which are
 * never close-delimited, so a cut inside a request is {@code detected} and a client that drops
 * its connection between requests, or before sending any byte, is {@code none} (at INFO), never
 * {@code silent}. Servers: a
 * SSLServerSocket (the agent's socket hook), a server-mode SSLEngine pumped as a library pumps it
 * ({@code closeInbound()} at the end of the transport) and Netty's SslHandler with
 * HttpServerCodec. Each answers every whole GET with a small Content-Length response.
 *
 * <p>The client is this test's own TLS end: an SSLEngine driven by hand ({@link EnginePump}'s
 * by-hand calls never call closeInbound, so it makes no event), which sends a case's exact bytes
 * and then a bare FIN (a TCP half-close: no close_notify, and no RST since the socket stays open
 * until the server has closed).
 */
class ServerRoleHarmIT {

    enum Server { SOCKET, ENGINE, NETTY }

    private static final String GET = "GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** What the client sends before its FIN; how many responses it waits for first. */
    enum Case {
        CUT_IN_A_CONTENT_LENGTH_BODY("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
                + "first part", 0, "detected", "content-length", false),
        CUT_IN_A_CHUNKED_BODY("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "64\r\nfirst part", 0, "detected", "chunked", false),
        CUT_IN_THE_REQUEST_HEADERS("GET /a HTTP/1.1\r\nHo", 0, "detected", "headers", false),
        DROP_AFTER_A_WHOLE_CONTENT_LENGTH_BODY("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n"
                + "0123456789", 0, "none", "content-length", false),
        DROP_AFTER_A_WHOLE_CHUNKED_BODY("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\n0\r\n\r\n", 0, "none", "chunked", false),
        DROP_AFTER_A_REQUEST(GET, 1, "none", "no-body", false),
        DROP_AFTER_TWO_REQUESTS(GET + GET, 2, "none", "no-body", false),
        DROP_BEFORE_ANY_REQUEST_WITH_ALPN_HTTP_1_1("", 0, "none", "between-messages", true),
        /** A preconnect or a health check: handshake, then leave, no ALPN to say it is HTTP. */
        DROP_BEFORE_ANY_REQUEST_WITHOUT_ALPN("", 0, "none", "between-messages", false);

        final String sent;
        final int responses;
        final String harm;
        final String framing;
        /** Client and server agree on ALPN http/1.1: HTTP/1.x is known before any byte. */
        final boolean alpn;

        Case(String sent, int responses, String harm, String framing, boolean alpn) {
            this.sent = sent;
            this.responses = responses;
            this.harm = harm;
            this.framing = framing;
            this.alpn = alpn;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Server server : Server.values()) {
            for (String tls : List.of("TLSv1.2", "TLSv1.3")) {
                for (Case c : Case.values()) {
                    if (c.alpn && server == Server.NETTY) {
                        continue; // ALPN on the JDK's own ends is enough for this one
                    }
                    all.add(Arguments.of(server, tls, c, "log"));
                    if (server == Server.SOCKET) {
                        // A socket server could be thrown at: with the default throw.harm it never is.
                        all.add(Arguments.of(server, tls, c, "throw"));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} policy={3}")
    @MethodSource("cases")
    void verdictOfTheClientsFin(Server kind, String tls, Case c, String policy) throws Exception {
        try (AgentEvents events = AgentEvents.capture(policy); Running server = start(kind, tls, c.alpn)) {
            clientThenFin(server.port(), tls, c);
            Throwable serverError = server.ended();
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), "exactly one event: " + seen);
            AgentEvent e = seen.get(0);
            assertEquals("truncated", e.kind(), e.line());
            assertEquals("server", e.role(), e.line());
            assertEquals(kind == Server.SOCKET ? "socket" : "engine", e.transport(), e.line());
            assertEquals(tls, e.protocol(), e.line());
            events.assertVerdict(e, c.harm, c.framing);
            assertEquals(0, events.delta().thrown(), "a server's verdict is never silent nor unknown here");
            if (kind == Server.SOCKET) {
                assertNull(serverError, () -> "the JDK reads the bare FIN as a clean end:\n" + Outcome.stack(serverError));
            }
        }
    }

    /**
     * Connects, sends the case's bytes, reads the responses it waits for, then half-closes the
     * TCP connection: a FIN with no close_notify. Reads on (by hand, discarding) until the server
     * has closed, so no RST can hide the FIN.
     */
    private static void clientThenFin(int port, String tls, Case c) throws Exception {
        try (Socket socket = new Socket(TestTls.LOOPBACK, port)) {
            socket.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
            SSLEngine engine = TestTls.context().createSSLEngine("127.0.0.1", port);
            engine.setUseClientMode(true);
            SSLParameters p = engine.getSSLParameters();
            p.setProtocols(new String[] {tls});
            if (c.alpn) {
                p.setApplicationProtocols(new String[] {"http/1.1"});
            }
            engine.setSSLParameters(p);
            EnginePump pump = new EnginePump(engine, socket);
            assertTrue(pump.handshake(), "handshake");
            if (c.alpn) {
                assertEquals("http/1.1", engine.getApplicationProtocol(), "ALPN agreed");
            }
            if (!c.sent.isEmpty()) {
                pump.writeRaw(pump.seal(c.sent.getBytes(StandardCharsets.ISO_8859_1)));
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            String expected = OK.repeat(c.responses);
            while (got.size() < expected.length()) {
                EnginePump.Arrival a = pump.receive(EnginePump.Plaintext.into(got));
                if (a != EnginePump.Arrival.DATA) {
                    throw new AssertionError("the server ended before its responses: " + a);
                }
            }
            // Netty's answer has its own headers: only the counts matter.
            assertEquals(c.responses, count(got.toString(StandardCharsets.ISO_8859_1), "HTTP/1.1 200 OK"), got.toString());
            socket.shutdownOutput();
            InputStream raw = socket.getInputStream();
            while (raw.read(new byte[4096]) >= 0) {
                // until the server closes
            }
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    /** A running server of one connection; {@link #ended()} waits until it has closed it. */
    interface Running extends AutoCloseable {
        int port();

        /** Waits until the server has handled the end; its read's failure, if any. */
        Throwable ended() throws Exception;

        @Override
        void close() throws Exception;
    }

    private static Running start(Server kind, String tls, boolean alpn) throws Exception {
        return switch (kind) {
            case SOCKET -> socketServer(tls, alpn);
            case ENGINE -> engineServer(tls, alpn);
            case NETTY -> nettyServer(tls);
        };
    }

    /** Answers each whole GET head; returns once the client's input has ended. */
    private static final class Answerer {
        private final StringBuilder seen = new StringBuilder();
        private int answered;

        /** The responses owed for what arrived. */
        int feed(byte[] b, int off, int len) {
            seen.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
            int heads = 0;
            for (int at = seen.indexOf("GET "); at >= 0; at = seen.indexOf("GET ", at + 1)) {
                if (seen.indexOf("\r\n\r\n", at) >= 0) {
                    heads++;
                }
            }
            int owed = heads - answered;
            answered = heads;
            return owed;
        }
    }

    private static Running socketServer(String tls, boolean alpn) throws Exception {
        SSLServerSocket listener = (SSLServerSocket) TestTls.context().getServerSocketFactory()
                .createServerSocket(0, 1, TestTls.LOOPBACK);
        SSLParameters p = listener.getSSLParameters();
        p.setProtocols(new String[] {tls});
        if (alpn) {
            p.setApplicationProtocols(new String[] {"http/1.1"});
        }
        listener.setSSLParameters(p);
        CompletableFuture<Throwable> done = CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                Answerer answerer = new Answerer();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = answerer.feed(buf, 0, n); i > 0; i--) {
                        out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        return running(listener.getLocalPort(), done, listener::close);
    }

    private static Running engineServer(String tls, boolean alpn) throws Exception {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(TestTls.LOOPBACK, 0));
        CompletableFuture<Throwable> done = CompletableFuture.supplyAsync(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(TlsHttpServer.TIMEOUT_MILLIS);
                SSLEngine engine = TestTls.context().createSSLEngine();
                engine.setUseClientMode(false);
                SSLParameters p = engine.getSSLParameters();
                p.setProtocols(new String[] {tls});
                if (alpn) {
                    p.setApplicationProtocols(new String[] {"http/1.1"});
                }
                engine.setSSLParameters(p);
                EnginePump pump = new EnginePump(engine, s);
                if (!pump.handshake()) {
                    return new AssertionError("EOF in the handshake");
                }
                Answerer answerer = new Answerer();
                byte[] buf = new byte[4096];
                try {
                    int n;
                    while ((n = pump.read(buf, 0, buf.length)) >= 0) {
                        for (int i = answerer.feed(buf, 0, n); i > 0; i--) {
                            pump.send(OK.getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                } catch (SSLException expected) {
                    // The JDK's own answer to closeInbound() without close_notify: what a
                    // library sees (and swallows, as Netty does).
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        return running(listener.getLocalPort(), done, listener::close);
    }

    private static Running nettyServer(String tls) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(TestTls.keyManagers()).sslProvider(SslProvider.JDK)
                .protocols(tls).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Throwable> inactive = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HttpServerCodec(),
                                new SimpleChannelInboundHandler<HttpObject>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                        if (msg instanceof LastHttpContent && msg.decoderResult().isSuccess()) {
                                            DefaultFullHttpResponse r = new DefaultFullHttpResponse(
                                                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                                    Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
                                            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
                                            ctx.writeAndFlush(r);
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        // After SslHandler's channelInactive: closeInbound has run.
                                        inactive.complete(null);
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress(TestTls.LOOPBACK, 0)).sync().channel();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        return running(port, inactive, () -> {
            listener.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        });
    }

    interface Closer {
        void close() throws Exception;
    }

    private static Running running(int port, CompletableFuture<Throwable> done, Closer closer) {
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public Throwable ended() throws Exception {
                return done.get(TlsHttpServer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() throws Exception {
                closer.close();
            }
        };
    }
}
