package dev.closenotify.agent.event;

import dev.closenotify.agent.Console;
import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventLog;
import dev.closenotify.bridge.EofListener;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import javax.net.ssl.SSLProtocolException;

/**
 * The agent side of the bridge: classifies each EOF, counts it, logs it and, under {@code throw},
 * hands back the exception a truncated socket read should fail with.
 *
 * <p>Every failure in here is caught and said once; the JDK then behaves as if the agent were
 * absent. The only exception that reaches the application is the deliberate one.
 */
public final class TruncationHandler implements EofListener {

    private final PolicySource policySource;
    private final Counters counters;
    private final EventLog log;
    private final EventReader reader = new EventReader();

    public TruncationHandler(PolicySource policySource, Counters counters, EventLog log) {
        this.policySource = policySource;
        this.counters = counters;
        this.log = log;
    }

    @Override
    public IOException onSocketEof(Object socket, Object context, EOFException eof,
            MethodHandles.Lookup jsse) {
        try {
            Policy policy = policySource.current();
            if (policy == Policy.OFF) {
                return null;
            }
            JsseAccess access = reader.access(jsse);
            Kind kind = Classifier.socketEof(access.state(context));
            counters.record(kind);
            if (!policy.logs()) {
                return null;
            }
            TruncationEvent event = reader.socketEvent(kind, socket, context, eof, access, true);
            write(event);
            if (policy == Policy.THROW && kind == Kind.TRUNCATED) {
                counters.recordThrown();
                return truncationException(event, eof);
            }
        } catch (Throwable t) {
            reportFailure(t);
        }
        return null;
    }

    @Override
    public void onEngineCloseInbound(Object engine, Object context, MethodHandles.Lookup jsse) {
        try {
            Policy policy = policySource.current();
            if (policy == Policy.OFF) {
                return;
            }
            JsseAccess access = reader.access(jsse);
            Kind kind = Classifier.engineCloseInbound(access.state(context));
            if (kind == null) {
                return;
            }
            counters.record(kind);
            if (policy.logs()) {
                // The JDK throws its own SSLException from closeInbound() whatever the policy;
                // libraries filter on its text, so the agent adds nothing to it.
                write(reader.engineEvent(kind, engine, context, access, true));
            }
        } catch (Throwable t) {
            reportFailure(t);
        }
    }

    private void write(TruncationEvent event) {
        if (event.kind() == Kind.TRUNCATED) {
            log.warn(event.describe());
        } else {
            log.info(event.describe());
        }
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
