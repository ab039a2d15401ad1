package dev.closenotify.agent.stacks.jsse;

import dev.closenotify.agent.detect.Classifier;
import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * SunJSSE: the socket's {@code handleEOF} (reached only when a transport EOF came without
 * close_notify), the engine's {@code closeInbound()} (which libraries call at the transport EOF),
 * and byte counters on the socket's streams and the engine. Peer details come from the public
 * {@code SSLSocket}/{@code SSLEngine} API (never a DNS lookup); JSSE internals through
 * {@link JsseAccess}.
 */
final class JsseStack {

    static final String CONTEXT = "Lsun/security/ssl/TransportContext;";
    private static final String ENGINE_ARRAYS =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";

    private JsseStack() {
    }

    static Stack define(int firstHook) {
        Hook socketEof = Hook.atEntry(JsseTargets.SOCKET, "handleEOF",
                "(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;",
                socketEofCall(firstHook, CONTEXT), "socket truncation is not detected");
        Hook engineCloseInbound = Hook.atEntry(JsseTargets.ENGINE, "closeInbound", "()V",
                engineCloseInboundCall(firstHook + 1, CONTEXT),
                "engine truncation is not detected");
        return new Stack("jsse", List.of(socketEof, engineCloseInbound),
                List.of(SOCKET_INPUT, SOCKET_OUTPUT, ENGINE),
                List.of(new SocketEof(), new EngineCloseInbound()));
    }

    /** {@code Bridge.eof(hook, this, this.conContext, eof, MethodHandles.lookup())}. */
    static EntryCall socketEofCall(int hook, String contextDescriptor) {
        return EntryCall.eof(hook, "conContext", contextDescriptor, 1);
    }

    /** {@code Bridge.eof(hook, this, this.conContext, null, MethodHandles.lookup())}. */
    static EntryCall engineCloseInboundCall(int hook, String contextDescriptor) {
        return EntryCall.eof(hook, "conContext", contextDescriptor, -1);
    }

    static final Tracking SOCKET_INPUT = new Tracking(
            JsseTargets.SOCKET_INPUT,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
            List.of(new Tracking.Point("<init>", null, Emitters.created(false)),
                    new Tracking.Point("read", "([BII)I", Emitters.countReturnedInt(
                            TrackingFields.BYTES_IN, TrackingFields.LAST_IN))));

    static final Tracking SOCKET_OUTPUT = new Tracking(
            JsseTargets.SOCKET_OUTPUT,
            List.of(TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Tracking.Point("write", "([BII)V", Emitters.countIntArgument(3,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));

    /** Engines offer a lookup at construction, for the HttpClient path, which has none. */
    static final Tracking ENGINE = new Tracking(
            JsseTargets.ENGINE,
            List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN,
                    TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT),
            List.of(new Tracking.Point("<init>", null, Emitters.created(true)),
                    new Tracking.Point("unwrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "produced", TrackingFields.BYTES_IN, TrackingFields.LAST_IN)),
                    new Tracking.Point("wrap", ENGINE_ARRAYS, Emitters.countEngineResult(
                            "consumed", TrackingFields.BYTES_OUT, TrackingFields.LAST_OUT))));

    /** {@code SSLSocketImpl.handleEOF}: every call is an event; the read may fail under throw. */
    static final class SocketEof extends EofSource {
        @Override
        public boolean canThrow() {
            return true;
        }

        @Override
        public TruncationEvent onEof(Object socket, Object context, Object cause,
                MethodHandles.Lookup lookup, Events events) {
            JsseAccess jsse = JsseLookup.offer(lookup);
            if (jsse == null) {
                return null;
            }
            long now = System.nanoTime();
            EOFException eof = cause instanceof EOFException ? (EOFException) cause : null;
            Kind kind = Classifier.socketEof(jsse.state(context));
            String host = null;
            String address = null;
            int port = -1;
            int localPort = -1;
            if (socket instanceof SSLSocket) {
                SSLSocket ssl = (SSLSocket) socket;
                InetAddress inet = ssl.getInetAddress();
                if (inet != null) {
                    // toString() is "name/literal" or "/literal" and never resolves anything.
                    String text = inet.toString();
                    int slash = text.indexOf('/');
                    address = text.substring(slash + 1);
                    host = slash > 0 ? text.substring(0, slash) : address;
                }
                port = ssl.getPort();
                localPort = ssl.getLocalPort();
            }
            return events.event(kind, Transport.SOCKET, jsse.role(context), host, address,
                    port == 0 ? -1 : port, localPort, jsse.protocol(context),
                    jsse.cipherSuite(context), jsse.socketMidRecord(context, eof),
                    jsse.socketTraffic(socket), now);
        }
    }

    /**
     * {@code SSLEngineImpl.closeInbound}: an event only when the JDK's own condition for its
     * exception holds. The JDK throws its own SSLException from closeInbound() whatever the
     * policy; libraries filter on its text, so the agent never adds an exception here.
     */
    static final class EngineCloseInbound extends EofSource {
        @Override
        public boolean canThrow() {
            return false;
        }

        @Override
        public TruncationEvent onEof(Object engine, Object context, Object cause,
                MethodHandles.Lookup lookup, Events events) {
            JsseAccess jsse = JsseLookup.offer(lookup);
            if (jsse == null) {
                return null;
            }
            long now = System.nanoTime();
            Kind kind = Classifier.engineCloseInbound(jsse.state(context));
            if (kind == null) {
                return null;
            }
            SSLEngine ssl = engine instanceof SSLEngine ? (SSLEngine) engine : null;
            // The engine never sees the transport, so it cannot know whether a record was cut.
            return events.event(kind, Transport.ENGINE, jsse.role(context),
                    ssl == null ? null : ssl.getPeerHost(), null,
                    ssl == null ? -1 : ssl.getPeerPort(), -1, jsse.protocol(context),
                    jsse.cipherSuite(context), null, jsse.engineTraffic(engine), now);
        }

        /** The lookup each new engine offers (see {@link JsseStack#ENGINE}). */
        @Override
        public boolean acceptLookup(MethodHandles.Lookup lookup) {
            return JsseLookup.offer(lookup) != null;
        }
    }
}
