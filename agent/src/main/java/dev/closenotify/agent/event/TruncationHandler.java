package dev.closenotify.agent.event;

import dev.closenotify.agent.Console;
import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.JfrSink;
import dev.closenotify.agent.report.LogLimiter;
import dev.closenotify.bridge.EofListener;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLProtocolException;

/**
 * The agent side of the bridge: classifies each EOF, then counts it, records it for JFR and the
 * report, logs it (rate-limited, off the reading thread) and, under {@code throw}, hands back the
 * exception a truncated read should fail with.
 *
 * <p>Every failure in here is caught and said once; the JDK then behaves as if the agent were
 * absent. The only exception that reaches the application is the deliberate one.
 */
public final class TruncationHandler implements EofListener {

    /** Where the handler's output goes; grouped so the handler stays one job. */
    public record Sinks(Counters counters, EventStats stats, EventLog log, LogLimiter limiter,
            JfrSink jfr) {
    }

    private final AgentConfig config;
    private final PolicySource policySource;
    private final Sinks sinks;
    private final EventReader reader;

    public TruncationHandler(AgentConfig config, PolicySource policySource, Sinks sinks) {
        this.config = config;
        this.policySource = policySource;
        this.sinks = sinks;
        this.reader = new EventReader(config.idleMs());
    }

    @Override
    public IOException onSocketEof(Object socket, Object context, EOFException eof,
            MethodHandles.Lookup jsse) {
        try {
            Policy policy = policySource.current();
            if (policy == Policy.OFF) {
                return null;
            }
            JsseAccess access = reader.offer(jsse);
            if (access == null) {
                return null;
            }
            Kind kind = Classifier.socketEof(access.state(context));
            return dispatch(reader.socketEvent(kind, socket, context, eof, access,
                    policy.logs()), policy, eof, true);
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    @Override
    public void onEngineCloseInbound(Object engine, Object context, MethodHandles.Lookup jsse) {
        try {
            Policy policy = policySource.current();
            if (policy == Policy.OFF) {
                return;
            }
            JsseAccess access = reader.offer(jsse);
            if (access == null) {
                return;
            }
            Kind kind = Classifier.engineCloseInbound(access.state(context));
            if (kind != null) {
                // The JDK throws its own SSLException from closeInbound() whatever the policy;
                // libraries filter on its text, so the agent never adds an exception here.
                dispatch(reader.engineEvent(kind, engine, context, access, policy.logs()), policy,
                        null, false);
            }
        } catch (Throwable t) {
            reportFailure(t);
        }
    }

    @Override
    public IOException onHttpClientEnd(Object engineObject) {
        try {
            Policy policy = policySource.current();
            if (policy == Policy.OFF || !(engineObject instanceof SSLEngine)) {
                return null;
            }
            SSLEngine engine = (SSLEngine) engineObject;
            if (engine.isInboundDone()) {
                return null; // close_notify arrived.
            }
            return dispatch(reader.httpClientEvent(engine, policy.logs()), policy, null, true);
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    @Override
    public boolean onJsseLookup(MethodHandles.Lookup jsse) {
        return reader.offer(jsse) != null;
    }

    /** @param canThrow whether the hooked path can fail the application's read */
    private IOException dispatch(TruncationEvent event, Policy policy, EOFException eof,
            boolean canThrow) {
        if (config.excluded(event.peerHost(), event.peerAddress(), event.peerPort())) {
            sinks.counters().recordExcluded();
            return null;
        }
        sinks.counters().record(event.kind(), event.exchange());
        sinks.stats().record(event);
        sinks.jfr().emit(event);
        if (policy.logs() && sinks.limiter().tryAcquire(event.kind())) {
            if (event.kind() == Kind.TRUNCATED) {
                sinks.log().warn(event.describe());
            } else {
                sinks.log().info(event.describe());
            }
        }
        if (canThrow && policy == Policy.THROW && event.kind() == Kind.TRUNCATED
                && policySource.throwsFor(event.exchange().id(), config.throwIdle(),
                        config.throwAwaiting())) {
            sinks.counters().recordThrown();
            return truncationException(event, eof);
        }
        return null;
    }

    static SSLProtocolException truncationException(TruncationEvent event, EOFException eof) {
        SSLProtocolException e = new SSLProtocolException("TLS peer " + event.peer()
                + " closed the connection without close_notify: the data received may be truncated"
                + " (closenotify.policy=throw)");
        if (eof != null) {
            e.initCause(eof);
        }
        return e;
    }

    private static void reportFailure(Throwable t) {
        Console.sayOnce("handler", "internal error while handling a TLS EOF (" + Console.describe(t)
                + "); the JDK's behaviour is unchanged for this connection");
    }
}
