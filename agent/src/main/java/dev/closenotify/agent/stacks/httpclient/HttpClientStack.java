package dev.closenotify.agent.stacks.httpclient;

import static net.bytebuddy.jar.asm.Opcodes.ALOAD;
import static net.bytebuddy.jar.asm.Opcodes.DUP;
import static net.bytebuddy.jar.asm.Opcodes.GETFIELD;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;
import static net.bytebuddy.jar.asm.Opcodes.SWAP;

import dev.closenotify.agent.detect.Classifier;
import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.detect.Events;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Traffic;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.stacks.jsse.JsseAccess;
import dev.closenotify.agent.stacks.jsse.JsseEngines;
import dev.closenotify.agent.stacks.jsse.JsseLookup;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.BridgeCalls;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.FieldRef;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * The JDK HttpClient drives a SunJSSE engine but never calls {@code closeInbound()}: its TLS
 * reader ({@code SSLFlowDelegate$Reader.processData}) passes the end of the stream on with
 * {@code outgoing(buffers, true)}, close_notify or not. The hook stands before that call.
 */
final class HttpClientStack {

    private static final String HTTP = "jdk/internal/net/http/common/";
    static final FieldRef READER_OUTER = new FieldRef(HttpClientTargets.READER, "this$0",
            "L" + HTTP + "SSLFlowDelegate;");
    static final FieldRef DELEGATE_ENGINE = new FieldRef(HTTP + "SSLFlowDelegate", "engine",
            "Ljavax/net/ssl/SSLEngine;");

    /** The events' {@code stack} value: public, extended but never renamed. */
    static final String STACK = "jdk-httpclient";

    private HttpClientStack() {
    }

    static Stack define(int firstHook) {
        Hook end = new Hook(HttpClientTargets.READER, "processData", "()V",
                Site.beforeCall("outgoing", "(Ljava/util/List;Z)V"),
                streamEnd(firstHook, READER_OUTER, DELEGATE_ENGINE),
                List.of(READER_OUTER, DELEGATE_ENGINE),
                "java.net.http.HttpClient truncation is not detected");
        return new Stack("jdk-httpclient", List.of(end), List.of(), List.of(new ReaderEnd()));
    }

    /**
     * Before {@code outgoing(buffers, complete)}, with {@code ... buffers complete} on the stack:
     * {@code Bridge.streamEnd(hook, complete, this.this$0.engine)}.
     */
    static Emitter streamEnd(int hook, FieldRef outer, FieldRef engine) {
        return new Emitter() {
            @Override
            public void emit(MethodVisitor m, String owner) {
                m.visitInsn(DUP);                                       // z z
                Emitters.pushInt(m, hook);                              // z z h
                m.visitInsn(SWAP);                                      // z h z
                m.visitVarInsn(ALOAD, 0);                               // z h z this
                m.visitFieldInsn(GETFIELD, owner, outer.name(), outer.descriptor()); // z h z d
                m.visitFieldInsn(GETFIELD, engine.owner(), engine.name(),
                        engine.descriptor());                           // z h z e
                m.visitMethodInsn(INVOKESTATIC, BridgeCalls.OWNER, BridgeCalls.STREAM_END,
                        BridgeCalls.STREAM_END_DESCRIPTOR, false);      // z
            }
        };
    }

    /**
     * The reader saw the transport end while its engine had no close_notify. JSSE internals are
     * used when a lookup has been offered (engines offer one at construction), else the public
     * engine API.
     */
    static final class ReaderEnd extends EofSource {

        ReaderEnd() {
            super(true);
        }

        @Override
        public TruncationEvent onStreamEnd(Object engineObject, Events events) {
            if (!(engineObject instanceof SSLEngine)) {
                return null;
            }
            SSLEngine engine = (SSLEngine) engineObject;
            if (engine.isInboundDone()) {
                return null; // close_notify arrived.
            }
            if (JsseEngines.claim(engine) == JsseEngines.Claim.TAKEN) {
                return null; // The reader passed this end on before: one event per connection.
            }
            long now = System.nanoTime();
            JsseAccess jsse = JsseLookup.current();
            Object context = jsse == null ? null : jsse.engineContext(engine);
            Kind kind;
            String role;
            String protocol;
            String cipher;
            Traffic traffic = null;
            Object watch = null;
            if (context != null) {
                kind = Classifier.engineEof(jsse.state(context));
                role = jsse.role(context);
                protocol = jsse.protocol(context);
                cipher = jsse.cipherSuite(context);
                traffic = jsse.engineTraffic(engine);
                watch = jsse.engineWatch(engine);
            } else {
                HandshakeStatus status = engine.getHandshakeStatus();
                boolean handshaking = status != HandshakeStatus.NOT_HANDSHAKING
                        && status != HandshakeStatus.FINISHED;
                kind = handshaking ? Kind.HANDSHAKE_EOF
                        : engine.isOutboundDone() ? Kind.AFTER_LOCAL_CLOSE : Kind.TRUNCATED;
                role = engine.getUseClientMode() ? "client" : "server";
                protocol = engine.getSession().getProtocol();
                cipher = engine.getSession().getCipherSuite();
            }
            return events.event(kind, Transport.ENGINE, STACK, role, engine.getPeerHost(), null,
                    engine.getPeerPort(), -1, protocol, cipher, null, traffic, watch, now);
        }
    }
}
