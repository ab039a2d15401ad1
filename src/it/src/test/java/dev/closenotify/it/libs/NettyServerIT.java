package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Netty 4.2 {@code SslHandler} with the JDK provider, server side ({@code HttpServerCodec}), with
 * {@code openssl s_client} as the real, non-Java client. At channelInactive SslHandler calls
 * {@code engine.closeInbound()}: the agent's engine hook, role=server.
 * <ul>
 * <li>s_client SIGKILLed in the middle of a request body: a mid-stream truncation, harm=detected
 * (a request is never close-delimited);</li>
 * <li>s_client's stdin ended after a response: it sends close_notify, zero events;</li>
 * <li>s_client SIGKILLed while its keep-alive connection is idle: a truncation that is not
 * mid-stream, harm=none.</li>
 * </ul>
 */
class NettyServerIT {

    private static final String OK = "netty-ok";

    private static String openssl;
    private static Path dir;
    private static TestTls.PemFiles pem;

    private EventLoopGroup group;
    private Channel listener;
    private final CompletableFuture<Conn> accepted = new CompletableFuture<>();

    /** What happened on the one connection of a case. */
    static final class Conn {
        final CompletableFuture<Void> bodyStarted = new CompletableFuture<>();
        final CompletableFuture<Void> inactive = new CompletableFuture<>();
        final CompletableFuture<Throwable> sslClosed = new CompletableFuture<>();
        /** The exception Netty raised on the connection, if any (a reset shows up here). */
        volatile Throwable failure;
    }

    /**
     * A SIGKILLed process whose socket still holds unread bytes (e.g. a TLS 1.3 session ticket
     * that arrived just before the kill) is closed by the kernel with an RST, not a FIN. Then Netty
     * itself fails the read ("Connection reset"), closes first and never calls closeInbound():
     * there is no EOF, so no event, as for the demo's truncate-rst. Everything else is a FIN.
     */
    private static boolean endedByReset(Conn conn) {
        return conn.failure instanceof java.io.IOException;
    }

    @BeforeAll
    static void material() throws Exception {
        openssl = NativePeer.require("openssl");
        dir = Files.createTempDirectory("closenotify-netty-server-");
        pem = TestTls.writePem(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            Files.deleteIfExists(pem.cert());
            Files.deleteIfExists(pem.key());
            Files.deleteIfExists(dir);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        SslContext ssl = SslContextBuilder.forServer(TestTls.keyManagers()).sslProvider(SslProvider.JDK).build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Conn conn = new Conn();
                        SslHandler handler = ssl.newHandler(ch.alloc());
                        handler.sslCloseFuture().addListener(f -> conn.sslClosed.complete(f.cause()));
                        ch.pipeline().addLast(handler, new HttpServerCodec(), new Handler(conn));
                        accepted.complete(conn);
                    }
                })
                .bind(new InetSocketAddress(TestTls.LOOPBACK, 0)).sync().channel();
    }

    @AfterEach
    void stopServer() throws Exception {
        listener.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private NativePeer sClient() {
        return NativePeer.start("openssl s_client", List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + port(), "-CAfile", pem.cert().toString(), "-servername", "localhost"), dir);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(NativePeer.WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void clientKilledInTheMiddleOfARequestBodyIsAMidStreamTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nfirst part");
            Conn conn = await(accepted);
            await(conn.bodyStarted);
            client.kill();
            await(conn.inactive);
            assertNotNull(await(conn.sslClosed), "Netty's sslCloseFuture fails without close_notify");
            if (endedByReset(conn)) {
                events.assertNone();
            } else {
                // Inside a Content-Length request body: the server's own parser sees the cut.
                events.assertOneMidStreamTruncation("server", "engine", "detected", "content-length");
            }
        }
    }

    @Test
    void clientClosingWithCloseNotifyGivesNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            client.closeStdin();
            client.awaitExit();
            Conn conn = await(accepted);
            await(conn.inactive);
            assertNull(await(conn.sslClosed), "s_client sent close_notify");
            events.assertNone();
        }
    }

    @Test
    void clientKilledWhileItsKeepAliveConnectionIsIdleIsNeverMidStream() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log"); NativePeer client = sClient()) {
            client.awaitLine("^---$");
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.awaitLine(OK);
            long last = System.nanoTime();
            IdleThreshold.waitPast(last);
            client.kill();
            Conn conn = await(accepted);
            await(conn.inactive);
            if (endedByReset(conn)) {
                events.assertNone();
            } else {
                // Between requests (the last, a GET, had no body): a harmless drop, at INFO.
                events.assertOneHarmlessIdleClose("server", "engine", "no-body");
            }
        }
    }

    /** Answers each complete request with a small keep-alive response; notes a body's first bytes. */
    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private final Conn conn;

        Handler(Conn conn) {
            this.conn = conn;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpContent content && content.content().isReadable()) {
                conn.bodyStarted.complete(null);
            }
            if (msg instanceof LastHttpContent && msg.decoderResult().isSuccess()) {
                DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK, Unpooled.copiedBuffer(OK + "\n", StandardCharsets.US_ASCII));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            conn.failure = cause;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            conn.inactive.complete(null);
        }
    }
}
