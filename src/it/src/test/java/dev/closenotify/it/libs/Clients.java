package dev.closenotify.it.libs;

import dev.closenotify.it.libs.ClientContract.Client;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Each HTTP client library under test, set up as an application would (default configuration apart
 * from the trust material: the project certificate is the only trust anchor, hostnames verified),
 * behind one small interface: GET a URI, return the body bytes.
 */
final class Clients {

    static final int TIMEOUT_MILLIS = TlsHttpServer.TIMEOUT_MILLIS;

    private Clients() {
    }

    /** HttpsURLConnection; one socket factory per client, as the JDK's keep-alive cache is keyed by it. */
    static Client httpsUrlConnection() {
        SSLSocketFactory factory = TestTls.context().getSocketFactory();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
                c.setSSLSocketFactory(factory);
                c.setConnectTimeout(TIMEOUT_MILLIS);
                c.setReadTimeout(TIMEOUT_MILLIS);
                try (InputStream in = c.getInputStream()) {
                    return in.readAllBytes();
                }
            }

            @Override
            public void close() {
                // The keep-alive cache is global; servers end what it still holds.
            }
        };
    }

    static Client okHttp() {
        OkHttpClient http = new OkHttpClient.Builder()
                .sslSocketFactory(TestTls.context().getSocketFactory(), TestTls.trustManager())
                .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .readTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .build();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                Request request = new Request.Builder().url(uri.toString()).build();
                try (Response response = http.newCall(request).execute()) {
                    return response.body().bytes();
                }
            }

            @Override
            public void close() {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        };
    }

    static Client apacheClassic() {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(TestTls.context()).buildClassic())
                .build();
        CloseableHttpClient http = HttpClients.custom().setConnectionManager(pool).build();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                return http.execute(new HttpGet(uri), response -> EntityUtils.toByteArray(response.getEntity()));
            }

            @Override
            public void close() throws Exception {
                http.close();
            }
        };
    }

    /**
     * Apache HttpClient 5 async (HttpCore 5's {@code SSLIOSession} over a SunJSSE engine),
     * HTTP/1.1 (the test server speaks nothing else).
     */
    static Client apacheAsync5() {
        org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager pool =
                org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(ClientTlsStrategyBuilder.create()
                                .setSslContext(TestTls.context()).buildAsync())
                        .setDefaultTlsConfig(org.apache.hc.client5.http.config.TlsConfig.custom()
                                .setVersionPolicy(org.apache.hc.core5.http2.HttpVersionPolicy.FORCE_HTTP_1)
                                .build())
                        .build();
        org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient http =
                org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
                        .setConnectionManager(pool).build();
        http.start();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                try {
                    return http.execute(org.apache.hc.client5.http.async.methods.SimpleRequestBuilder
                            .get(uri).build(), null).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                            .getBodyBytes();
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }

            @Override
            public void close() throws Exception {
                http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
            }
        };
    }

    /** HttpAsyncClient 4.1 (httpcore-nio 4.4's {@code SSLIOSession} over a SunJSSE engine). */
    static Client apacheAsync4() {
        org.apache.http.impl.nio.client.CloseableHttpAsyncClient http =
                org.apache.http.impl.nio.client.HttpAsyncClients.custom()
                        .setSSLContext(TestTls.context()).build();
        http.start();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                try {
                    org.apache.http.HttpResponse response = http.execute(
                            new org.apache.http.client.methods.HttpGet(uri), null)
                            .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    return org.apache.http.util.EntityUtils.toByteArray(response.getEntity());
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }

            @Override
            public void close() throws Exception {
                http.close();
            }
        };
    }

    static Client jdkHttpClient() {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TestTls.context())
                .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .build();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMillis(TIMEOUT_MILLIS)).GET().build();
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
            }

            @Override
            public void close() throws Exception {
                // HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end when idle.
                if (http instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        };
    }

    static Client jetty() throws Exception {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(TestTls.context());
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.setSslContextFactory(ssl);
        http.start();
        return new Client() {
            @Override
            public byte[] get(URI uri) throws Exception {
                return http.newRequest(uri).timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).send().getContent();
            }

            @Override
            public void close() throws Exception {
                http.stop();
            }
        };
    }

    /**
     * Netty 4.2 SslHandler (JDK provider) + HttpClientCodec + HttpObjectAggregator: one keep-alive
     * channel at a time, as a minimal pool would keep it; a new channel when the last one is gone.
     */
    static final class NettyHttpClient implements Client {

        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final SslContext ssl;
        private Channel channel;
        private volatile CompletableFuture<byte[]> pending;
        /** The channel's sslCloseFuture outcome: null when the peer's close_notify arrived. */
        private volatile CompletableFuture<Throwable> sslClosed;
        private volatile CompletableFuture<Void> inactive;

        private volatile SslHandler lastHandler;

        NettyHttpClient() throws Exception {
            this(SslProvider.JDK);
        }

        /** With {@code OPENSSL}: netty-tcnative's engine, Netty's default when tcnative is there. */
        NettyHttpClient(SslProvider provider) throws Exception {
            ssl = SslContextBuilder.forClient().sslProvider(provider)
                    .trustManager(TestTls.trustManagers()).build();
        }

        /** The engine class of the last connection (so a test knows which engine it ran). */
        String engineClass() {
            return lastHandler.engine().getClass().getName();
        }

        @Override
        public byte[] get(URI uri) throws Exception {
            if (channel == null || !channel.isActive()) {
                connect(uri);
            }
            CompletableFuture<byte[]> response = new CompletableFuture<>();
            pending = response;
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    HttpMethod.GET, uri.getRawPath());
            request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort());
            channel.writeAndFlush(request);
            try {
                return response.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }

        private void connect(URI uri) throws InterruptedException {
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            CompletableFuture<Void> gone = new CompletableFuture<>();
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler handler = ssl.newHandler(ch.alloc(), uri.getHost(), uri.getPort());
                            lastHandler = handler;
                            handler.sslCloseFuture().addListener(f -> closed.complete(f.cause()));
                            ch.pipeline().addLast(handler, new HttpClientCodec(),
                                    new HttpObjectAggregator(1 << 20), new ResponseHandler(gone));
                        }
                    });
            channel = b.connect(uri.getHost(), uri.getPort()).sync().channel();
            sslClosed = closed;
            inactive = gone;
        }

        /** Waits until the current channel's channelInactive has run (after SslHandler's). */
        void awaitInactive() throws Exception {
            inactive.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        /** The current channel's sslCloseFuture cause: null when close_notify was received. */
        Throwable sslCloseCause() throws Exception {
            return sslClosed.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            if (channel != null) {
                channel.close().sync();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }

        private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
            private final CompletableFuture<Void> gone;

            ResponseHandler(CompletableFuture<Void> gone) {
                this.gone = gone;
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                if (msg.decoderResult().isFailure()) {
                    pending.completeExceptionally(msg.decoderResult().cause());
                } else {
                    pending.complete(ByteBufUtil.getBytes(msg.content()));
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                pending.completeExceptionally(cause);
                ctx.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                // Runs after SslHandler's channelInactive (closeInbound) and the codec's last content.
                CompletableFuture<byte[]> p = pending;
                if (p != null) {
                    p.completeExceptionally(new ClosedChannelException());
                }
                gone.complete(null);
            }
        }
    }
}
