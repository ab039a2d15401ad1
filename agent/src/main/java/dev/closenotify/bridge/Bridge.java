package dev.closenotify.bridge;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

/**
 * The one class the woven JDK code calls. It is defined only by the bootstrap loader (the agent
 * jar carries it as a nested jar, never as a loose class), so there is exactly one copy and one
 * registered listener per JVM, however many times the agent is loaded.
 *
 * <p>It must never let anything escape into the JDK method except the exception the listener
 * deliberately returns: a failure here would break the application's TLS reads.
 */
public final class Bridge {

    private static volatile EofListener listener;
    private static volatile boolean failureReported;
    /** True until the listener has accepted a lookup; read at each engine's construction. */
    private static volatile boolean wantsJsseLookup = true;

    private Bridge() {
    }

    /**
     * Registers the agent's listener.
     *
     * @return false if a listener is already registered (the agent is already active in this
     *     JVM); the existing one is kept
     */
    public static synchronized boolean register(EofListener newListener) {
        if (listener != null) {
            return false;
        }
        listener = newListener;
        return true;
    }

    /**
     * Entry of {@code SSLSocketImpl.handleEOF}. Throws the listener's exception (the deliberate
     * {@code throw}-policy one) itself, so the woven code is a plain call with no branch.
     */
    public static void socketEof(Object socket, Object transportContext, EOFException eof,
            MethodHandles.Lookup jsse) throws IOException {
        EofListener current = listener;
        if (current == null) {
            return;
        }
        IOException replacement;
        try {
            replacement = current.onSocketEof(socket, transportContext, eof, jsse);
        } catch (Throwable t) {
            reportFailure(t);
            return;
        }
        if (replacement != null) {
            throw replacement;
        }
    }

    /** Entry of {@code SSLEngineImpl.closeInbound}. */
    public static void engineCloseInbound(Object engine, Object transportContext,
            MethodHandles.Lookup jsse) {
        EofListener current = listener;
        if (current == null) {
            return;
        }
        try {
            current.onEngineCloseInbound(engine, transportContext, jsse);
        } catch (Throwable t) {
            reportFailure(t);
        }
    }

    /**
     * Before each {@code outgoing(buffers, complete)} call of the JDK HttpClient's TLS reader
     * ({@code SSLFlowDelegate$Reader.processData}); {@code complete} passes end-of-stream on.
     * Costs one branch on the data path.
     */
    public static void httpClientOutgoing(boolean complete, SSLEngine engine) throws IOException {
        if (!complete) {
            return;
        }
        EofListener current = listener;
        if (current == null) {
            return;
        }
        IOException replacement;
        try {
            replacement = current.onHttpClientEnd(engine);
        } catch (Throwable t) {
            reportFailure(t);
            return;
        }
        if (replacement != null) {
            throw replacement;
        }
    }

    // Arithmetic for the tracking code woven into JSSE's read and write paths: static, tiny and
    // allocation-free, so the JIT inlines them; they let the woven code stay branch-free.

    /** A byte count from a read or write result: negative (EOF) counts as none. */
    public static long positive(int count) {
        return count > 0 ? count : 0L;
    }

    /** A fresh timestamp when bytes moved, else the previous one. */
    public static long stampIfPositive(int count, long previous) {
        return count > 0 ? System.nanoTime() : previous;
    }

    /** Application bytes an {@code unwrap} delivered. */
    public static int produced(SSLEngineResult result) {
        return result == null ? 0 : result.bytesProduced();
    }

    /** Application bytes a {@code wrap} took. */
    public static int consumed(SSLEngineResult result) {
        return result == null ? 0 : result.bytesConsumed();
    }

    /**
     * Hands a {@code sun.security.ssl} lookup straight to the listener. It is never stored here:
     * a public holder of such a lookup would let any code in the JVM bypass encapsulation.
     */
    public static void offerJsseLookup(MethodHandles.Lookup jsse) {
        EofListener current = listener;
        if (current == null || !wantsJsseLookup) {
            return;
        }
        try {
            // Only an accepted lookup ends the offers: a bogus one from any caller must not.
            if (current.onJsseLookup(jsse)) {
                wantsJsseLookup = false;
            }
        } catch (Throwable t) {
            wantsJsseLookup = false;
            reportFailure(t);
        }
    }

    // Said once: the listener is expected to catch its own failures, so this is a last line.
    private static void reportFailure(Throwable t) {
        if (failureReported) {
            return;
        }
        failureReported = true;
        try {
            System.err.println("closenotify: internal error while handling a TLS EOF ("
                    + t.getClass().getName() + ": " + t.getMessage()
                    + "); the JDK's behaviour is unchanged, later events may be missed");
        } catch (Throwable ignored) {
            // Nothing left to tell it to.
        }
    }
}
