package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC over {@code grpc-netty-shaded} (Netty relocated to {@code io.grpc.netty.shaded.io.netty},
 * netty-tcnative with it) with the OpenSSL provider, gRPC's default when tcnative loads. A unary
 * call is in flight when the server side dies: a relay between client and server ends the
 * client's TCP connection with a bare FIN, as the kernel of a killed server does, and resets the
 * server's. The client reports one truncation from the shaded {@code SslHandler} hook; HTTP/2
 * frames carry their lengths, so the cut is {@code detected}, never {@code silent}.
 */
class GrpcShadedIT {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES =
            new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };

    private static final MethodDescriptor<byte[], byte[]> SLOW =
            MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("closenotify.Test/Slow")
                    .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private static final MethodDescriptor<byte[], byte[]> ECHO =
            MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("closenotify.Test/Echo")
                    .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private Server server;
    private Relay relay;
    private ManagedChannel channel;
    private final CompletableFuture<Void> slowCalled = new CompletableFuture<>();

    @BeforeAll
    static void openSslIsThere() {
        assertTrue(OpenSsl.isAvailable(), () -> "grpc-netty-shaded's tcnative must load here: "
                + OpenSsl.unavailabilityCause());
    }

    @BeforeEach
    void start() throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder("closenotify.Test")
                .addMethod(SLOW, ServerCalls.asyncUnaryCall((request, response) ->
                        slowCalled.complete(null))) // Never answers: the call stays in flight.
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(TestTls.LOOPBACK, 0))
                .sslContext(GrpcSslContexts.configure(
                        SslContextBuilder.forServer(TestTls.keyManagers()), SslProvider.OPENSSL)
                        .build())
                .addService(service).build().start();
        relay = new Relay(server.getPort());
        channel = NettyChannelBuilder.forAddress(TestTls.LOOPBACK.getHostAddress(), relay.port())
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(),
                        SslProvider.OPENSSL).trustManager(TestTls.trustManagers()).build())
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        relay.close();
    }

    @Test
    void serverDyingDuringAUnaryCallIsOneDetectedTruncation() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            Future<byte[]> call = ClientCalls.futureUnaryCall(
                    channel.newCall(SLOW, CallOptions.DEFAULT), new byte[] {1, 2, 3});
            slowCalled.get(10, TimeUnit.SECONDS);
            relay.cut();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> call.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof io.grpc.StatusRuntimeException,
                    () -> "the call fails with a gRPC status: " + failed.getCause());
            List<AgentEvent> seen = events.await(1);
            assertEquals(1, seen.size(), "one event: " + seen);
            AgentEvent e = seen.get(0);
            assertEquals("truncated", e.fields().get("kind"), e.line());
            assertEquals("client", e.fields().get("role"), e.line());
            assertEquals("engine", e.fields().get("transport"), e.line());
            assertEquals("netty", e.fields().get("stack"), e.line());
            assertNotEquals("silent", e.fields().get("harm"), e.line());
            assertEquals("detected", e.fields().get("harm"), e.line());
            assertEquals("h2", e.fields().get("framing"), e.line());
            // HTTP/2 control frames flow both ways, so either busy state; never idle or unknown
            // (that would mean the OpenSSL engine's tracking did not count).
            assertTrue(List.of("awaiting", "mid-stream").contains(e.fields().get("exchange")),
                    e.line());
        }
        AgentEvents.assertApplied("SslHandler.channelInactive (io.grpc.netty.shaded)",
                "ReferenceCountedOpenSslEngine (io.grpc.netty.shaded)");
    }

    @Test
    void callsThatEndNormallyGiveNoEvent() throws Exception {
        try (AgentEvents events = AgentEvents.capture("log")) {
            byte[] answer = ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT,
                    new byte[] {7});
            assertEquals(1, answer.length);
            channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
            relay.awaitIdle();
            events.assertNone();
        }
    }

    /**
     * Copies bytes between the client and the server; {@link #cut} ends the client's side with a
     * FIN (no close_notify: the relay sees only ciphertext) and resets the server's.
     */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final CompletableFuture<Socket[]> pair = new CompletableFuture<>();
        private final CompletableFuture<Void> clientDone = new CompletableFuture<>();

        Relay(int target) throws IOException {
            this.target = target;
            listener = new ServerSocket(0, 1, TestTls.LOOPBACK);
            Thread accept = new Thread(this::run, "grpc-relay");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void run() {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(TestTls.LOOPBACK, target);
                pair.complete(new Socket[] {client, upstream});
                pump(client, upstream, clientDone);
                pump(upstream, client, new CompletableFuture<>());
            } catch (IOException e) {
                pair.completeExceptionally(e);
            }
        }

        private static void pump(Socket from, Socket to, CompletableFuture<Void> done) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to.getOutputStream();
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    // The other side is gone: nothing more to copy.
                } finally {
                    done.complete(null);
                }
            }, "grpc-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        /** The server "dies": a bare FIN to the client, a reset to the server. */
        void cut() throws Exception {
            Socket[] sockets = pair.get(10, TimeUnit.SECONDS);
            sockets[1].setSoLinger(true, 0);
            sockets[1].close();
            sockets[0].shutdownOutput();
        }

        /** Waits until the client has closed its connection (after a normal shutdown). */
        void awaitIdle() throws Exception {
            clientDone.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Socket[] sockets = pair.getNow(null);
            if (sockets != null) {
                sockets[0].close();
                sockets[1].close();
            }
        }
    }
}
