package dev.closenotify.it.child;

import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.Outcome;
import dev.closenotify.demo.PeerBehaviour;
import dev.closenotify.demo.Scenario;
import dev.closenotify.demo.SocketClient;
import dev.closenotify.demo.TlsMaterial;
import dev.closenotify.demo.TlsVersion;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A child program for the load tests: one real TLS truncation (so the agent resolves its JSSE
 * access, as on any first event), then {@code count} synthetic socket EOFs through the agent's
 * bootstrap bridge, each from a distinct peer address (10.x.y.z:443, fake sockets, no network),
 * as a scan from many addresses would produce. Prints the live heap after GC before and after,
 * and, as a control, after building the unbounded table a naive agent would keep:
 *
 * <pre>FLOOD events=N returned=0 heapKb=a->b controlKb=c</pre>
 */
public final class PeerFloodChild {

    private PeerFloodChild() {
    }

    public static void main(String[] args) throws Throwable {
        int count = Integer.parseInt(args[0]);
        SSLContext context = TlsMaterial.context();
        try (EnginePeer peer = EnginePeer.start(context)) {
            CompletableFuture<Void> served = peer.expect(PeerBehaviour.TRUNCATE_FIN, 1000);
            Outcome outcome = new SocketClient(context).run(Scenario.TRUNCATE_FIN, TlsVersion.TLS_1_3,
                    peer.port(), 1000);
            served.get(EnginePeer.TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
            System.out.println("REAL bytes=" + outcome.bytes() + " end=" + outcome.cleanEnd());
        }
        Class<?> bridge = Class.forName("dev.closenotify.bridge.Bridge", true, null);
        // Bridge.eof(hook, socket, state, cause, lookup) as SSLSocketImpl.handleEOF calls it: hook 0
        // is the first hook of the first stack in the agent's registry (jsse: handleEOF).
        MethodHandle socketEof = MethodHandles.publicLookup().findStatic(bridge, "eof",
                MethodType.methodType(void.class, int.class, Object.class, Object.class,
                        Object.class, MethodHandles.Lookup.class));
        long before = LoadChild.heapAfterGc();
        int returned = 0;
        FakeSocket socket = new FakeSocket();
        for (int i = 0; i < count; i++) {
            socket.address = InetAddress.getByAddress(address(i));
            try {
                socketEof.invoke(0, socket, new Object(), (Object) null,
                        (MethodHandles.Lookup) null);
            } catch (IOException thrown) {
                // The bridge throws the throw-policy exception itself; under count it never does.
                returned++;
            }
        }
        socket.address = null;
        long after = LoadChild.heapAfterGc();
        // Control: the per-peer table without a bound, as the same heap measure sees it.
        Map<String, LongAdder> unbounded = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            unbounded.computeIfAbsent(InetAddress.getByAddress(address(i)).getHostAddress() + ":443",
                    k -> new LongAdder()).increment();
        }
        long control = LoadChild.heapAfterGc();
        System.out.println("FLOOD events=" + count + " returned=" + returned + " heapKb="
                + before / 1024 + "->" + after / 1024 + " controlKb=" + control / 1024
                + " controlEntries=" + unbounded.size());
        System.out.flush();
        System.exit(0);
    }

    private static byte[] address(int i) {
        return new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    /** An unconnected SSLSocket that only answers who its peer is. */
    private static final class FakeSocket extends SSLSocket {
        volatile InetAddress address;

        @Override
        public InetAddress getInetAddress() {
            return address;
        }

        @Override
        public int getPort() {
            return 443;
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return new String[0];
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return new String[0];
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
        }

        @Override
        public String[] getSupportedProtocols() {
            return new String[0];
        }

        @Override
        public String[] getEnabledProtocols() {
            return new String[0];
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
        }

        @Override
        public SSLSession getSession() {
            throw new UnsupportedOperationException("the agent must never ask for the session");
        }

        @Override
        public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        }

        @Override
        public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        }

        @Override
        public void startHandshake() {
            throw new UnsupportedOperationException("the agent must never start a handshake");
        }

        @Override
        public void setUseClientMode(boolean mode) {
        }

        @Override
        public boolean getUseClientMode() {
            return true;
        }

        @Override
        public void setNeedClientAuth(boolean need) {
        }

        @Override
        public boolean getNeedClientAuth() {
            return false;
        }

        @Override
        public void setWantClientAuth(boolean want) {
        }

        @Override
        public boolean getWantClientAuth() {
            return false;
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
        }

        @Override
        public boolean getEnableSessionCreation() {
            return false;
        }
    }
}
