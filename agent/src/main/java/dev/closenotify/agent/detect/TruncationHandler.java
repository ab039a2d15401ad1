package dev.closenotify.agent.detect;

import dev.closenotify.agent.config.AgentConfig;
import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.TruncationEvent;
import dev.closenotify.agent.util.Console;
import dev.closenotify.bridge.AppDataWatch;
import dev.closenotify.bridge.EofListener;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSocket;

/**
 * The agent side of the bridge: hands each call to the source of the hook that made it, then
 * counts the event, records it for JFR and the report, logs it (rate-limited, off the reading
 * thread) and, under {@code throw}, hands back the exception a truncated read should fail with.
 *
 * <p>Every failure in here is caught and said once; the library then behaves as if the agent
 * were absent. The only exception that reaches the application is the deliberate one.
 */
public final class TruncationHandler implements EofListener {

    private final AgentConfig config;
    private final PolicySource policySource;
    private final Sinks sinks;
    /** By hook number (see {@code StackRegistry}). */
    private final EofSource[] sources;
    private final Events logged;
    private final Events counted;

    public TruncationHandler(AgentConfig config, PolicySource policySource, Sinks sinks,
            EofSource[] sources) {
        this.config = config;
        this.policySource = policySource;
        this.sinks = sinks;
        this.sources = sources.clone();
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleMs());
        this.logged = new Events(idleNanos, true);
        this.counted = new Events(idleNanos, false);
    }

    @Override
    public IOException onEof(int hook, Object connection, Object state, Object cause,
            MethodHandles.Lookup lookup) {
        try {
            Policy policy = policySource.current();
            EofSource source = source(hook);
            if (policy == Policy.OFF || source == null) {
                return null;
            }
            TruncationEvent event = source.onEof(connection, state, cause, lookup, events(policy));
            return event == null ? null : dispatch(event, policy, cause, source.canThrow());
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    @Override
    public IOException onStreamEnd(int hook, Object engine) {
        try {
            Policy policy = policySource.current();
            EofSource source = source(hook);
            if (policy == Policy.OFF || source == null) {
                return null;
            }
            TruncationEvent event = source.onStreamEnd(engine, events(policy));
            return event == null ? null : dispatch(event, policy, null, source.canThrow());
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    @Override
    public boolean onLookup(MethodHandles.Lookup lookup) {
        boolean accepted = false;
        for (EofSource source : sources) {
            accepted |= source.acceptLookup(lookup);
        }
        return accepted;
    }

    /**
     * Every socket and engine gets a framing watch, whatever the policy now: the policy can
     * change later, and the watch must have seen the connection's bytes from the first. With
     * {@code closenotify.framing=off} none does, so no application byte is ever looked at.
     */
    @Override
    public AppDataWatch onConnection(Object connection) {
        try {
            if (config.framing()
                    && (connection instanceof SSLSocket || connection instanceof SSLEngine)) {
                return new FramingWatch(connection);
            }
        } catch (Throwable t) {
            reportFailure(t);
        }
        return null;
    }

    private EofSource source(int hook) {
        return hook >= 0 && hook < sources.length ? sources[hook] : null;
    }

    /** The call site is looked up only when the event will be logged. */
    private Events events(Policy policy) {
        return policy.logs() ? logged : counted;
    }

    /** @param canThrow whether the hooked path can fail the application's read */
    private IOException dispatch(TruncationEvent event, Policy policy, Object cause,
            boolean canThrow) {
        if (config.excluded(event.peerHost(), event.peerAddress(), event.peerPort())) {
            sinks.counters().recordExcluded();
            return null;
        }
        sinks.counters().record(event.kind(), event.exchange(), event.harm());
        sinks.stats().record(event);
        sinks.jfr().emit(event);
        if (policy.logs() && sinks.limiter().tryAcquire(event.kind())) {
            if (event.kind() == Kind.TRUNCATED && event.harm() != Harm.NONE) {
                sinks.log().warn(event.describe());
            } else {
                sinks.log().info(event.describe());
            }
        }
        // The harm list first: a complete message (harm=none) or a cut the application's own
        // parser sees (detected) need not fail the read; then the timing exemptions.
        if (canThrow && policy == Policy.THROW && event.kind() == Kind.TRUNCATED
                && policySource.throwsForHarm(event.harm(), config.throwHarm())
                && policySource.throwsFor(Exemptions.of(event.exchange()), config.throwIdle(),
                        config.throwAwaiting())) {
            sinks.counters().recordThrown();
            return truncationException(event, cause instanceof Throwable ? (Throwable) cause : null);
        }
        return null;
    }

    static SSLProtocolException truncationException(TruncationEvent event, Throwable cause) {
        SSLProtocolException e = new SSLProtocolException("TLS peer " + event.peer()
                + " closed the connection without close_notify: the data received may be truncated"
                + " (closenotify.policy=throw)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static void reportFailure(Throwable t) {
        Console.sayOnce("handler", "internal error while handling a TLS EOF (" + Console.describe(t)
                + "); the JDK's behaviour is unchanged for this connection");
    }
}
