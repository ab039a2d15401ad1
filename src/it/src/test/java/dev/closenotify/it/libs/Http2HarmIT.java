package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP/2 over TLS (ALPN h2): the JDK HttpClient against a Netty h2 server (Http2FrameCodec,
 * SslHandler on the JDK provider), both in this JVM with the agent. Every HTTP/2 frame carries its
 * length, so an EOF without close_notify is never {@code silent}: {@code detected h2} once any
 * application byte moved, whether the response was cut inside its DATA or had ended
 * (END_STREAM) before the FIN. The server's FIN is a TCP half-close of the channel
 * ({@code SocketChannel.shutdownOutput()}, which bypasses SslHandler: no close_notify).
 *
 * <p>The client's event (role=client, transport=engine) is exactly one; the server may also see
 * the client leave without close_notify (role=server): every event of a case must say
 * {@code harm=detected framing=h2}.
 */
class Http2HarmIT {

    private static final byte[] BODY = TlsHttpServer.body(4000);

    @ParameterizedTest(name = "{0} whole={1} policy={2}")
    @CsvSource({
        "TLSv1.2, false, log", "TLSv1.3, false, log", "TLSv1.2, true, log", "TLSv1.3, true, log",
        "TLSv1.3, false, throw", "TLSv1.3, true, throw"
    })
    void anEofOnH2IsNeverSilent(String tls, boolean whole, String policy) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Void> serverInactive = new CompletableFuture<>();
        try (AgentEvents events = AgentEvents.capture(policy)) {
            Channel listener = h2Server(group, tls, whole, serverInactive);
            try {
                int port = ((InetSocketAddress) listener.localAddress()).getPort();
                SSLParameters p = TestTls.context().getDefaultSSLParameters();
                p.setProtocols(new String[] {tls});
                HttpClient http = HttpClient.newBuilder().sslContext(TestTls.context()).sslParameters(p)
                        .version(HttpClient.Version.HTTP_2)
                        .connectTimeout(Duration.ofMillis(TlsHttpServer.TIMEOUT_MILLIS)).build();
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/h2"))
                            .timeout(Duration.ofMillis(TlsHttpServer.TIMEOUT_MILLIS)).GET().build();
                    Outcome outcome = Outcome.of(() -> {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        assertEquals(HttpClient.Version.HTTP_2, r.version(), "ALPN h2 negotiated");
                        return r.body();
                    });
                    // The barrier: the server's channel is gone (SslHandler's closeInbound has run).
                    serverInactive.get(TlsHttpServer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    if (whole) {
                        outcome.assertBody(BODY, "a whole h2 response, then a FIN");
                    } else {
                        assertNotNull(outcome.error(), "the cut DATA cannot read as whole: " + outcome);
                    }
                    assertNull(outcome.find(SSLProtocolException.class),
                            () -> "harm=detected is not in the default throw.harm:\n" + Outcome.stack(outcome.error()));
                    assertEquals(0, events.delta().thrown(), "nothing thrown by the agent");
                    assertEventsNeverSilent(events, whole);
                } finally {
                    if (http instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                }
            } finally {
                listener.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /**
     * The client's event: exactly one when the response was cut (its reader was still reading
     * the stream), at most one when the response had ended (the client may close first). Every
     * event says detected h2.
     */
    private static void assertEventsNeverSilent(AgentEvents events, boolean whole) {
        long counted = events.delta().truncations();
        List<AgentEvent> seen = counted > 0 ? events.await((int) counted) : events.events();
        assertEquals(counted, seen.size(), "one line per truncation counted: " + seen);
        long clients = seen.stream().filter(e -> "client".equals(e.role())).count();
        if (whole) {
            assertTrue(clients <= 1, "at most one client event: " + seen);
        } else {
            assertEquals(1, clients, "the client's reader saw the cut: " + seen);
        }
        for (AgentEvent e : seen) {
            assertEquals("truncated", e.kind(), e.line());
            assertEquals("engine", e.transport(), e.line());
            assertEquals("detected h2", e.harm() + " " + e.framing(), "never silent on h2: " + e.line());
            assertEquals("WARN", e.level(), e.line());
        }
        AgentEvents.Harms h = events.delta().harmsOrFail();
        assertEquals(new AgentEvents.Harms(0, seen.size(), 0, 0), h, "harm counters: " + events.delta());
    }

    private static Channel h2Server(EventLoopGroup group, String tls, boolean whole,
            CompletableFuture<Void> inactive) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(TestTls.keyManagers()).sslProvider(SslProvider.JDK)
                .protocols(tls)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), Http2FrameCodecBuilder.forServer().build(),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                                            respond(ctx, h, whole);
                                        }
                                        io.netty.util.ReferenceCountUtil.release(msg);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        inactive.complete(null);
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress(TestTls.LOOPBACK, 0)).sync().channel();
    }

    /**
     * HEADERS, then DATA: the whole body with END_STREAM, or its first half without; once written,
     * the FIN.
     */
    private static void respond(ChannelHandlerContext ctx, Http2HeadersFrame request, boolean whole) {
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                .setInt("content-length", BODY.length)).stream(request.stream()));
        byte[] data = whole ? BODY : java.util.Arrays.copyOf(BODY, BODY.length / 2);
        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(data), whole).stream(request.stream()))
                .addListener(f -> ((SocketChannel) ctx.channel()).shutdownOutput());
    }
}
