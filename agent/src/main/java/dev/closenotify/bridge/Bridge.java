package dev.closenotify.bridge;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;

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
    /** Read on every tracked connection's construction; true until the listener has a lookup. */
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

    public static boolean isRegistered() {
        return listener != null;
    }

    /** Entry of {@code SSLSocketImpl.handleEOF}; returns the exception to throw, or null. */
    public static IOException socketEof(Object socket, Object transportContext, EOFException eof,
            MethodHandles.Lookup jsse) {
        EofListener current = listener;
        if (current == null) {
            return null;
        }
        try {
            return current.onSocketEof(socket, transportContext, eof, jsse);
        } catch (Throwable t) {
            reportFailure(t);
            return null;
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

    /** Entry of {@code SubscriberWrapper.outgoing} with complete set, on the HttpClient's reader. */
    public static IOException httpClientEnd(Object reader, MethodHandles.Lookup http) {
        EofListener current = listener;
        if (current == null) {
            return null;
        }
        try {
            return current.onHttpClientEnd(reader, http);
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    /** Cheap check for the constructor advice: does the listener still need a JSSE lookup? */
    public static boolean wantsJsseLookup() {
        return wantsJsseLookup;
    }

    /**
     * Hands a {@code sun.security.ssl} lookup straight to the listener. It is never stored here:
     * a public holder of such a lookup would let any code in the JVM bypass encapsulation.
     */
    public static void offerJsseLookup(MethodHandles.Lookup jsse) {
        EofListener current = listener;
        if (current == null) {
            return;
        }
        try {
            current.onJsseLookup(jsse);
            wantsJsseLookup = false;
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
