package dev.closenotify.bridge;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngineResult;

/**
 * The one class woven code calls. It is defined only by the bootstrap loader (the agent jar
 * carries it as a nested jar, never as a loose class), so there is exactly one copy and one
 * registered listener per JVM, however many times the agent is loaded.
 *
 * <p>Its entry points are by shape ("EOF seen on this object", "end of stream on this engine",
 * "application bytes moved"), each call naming its hook by number: adding a TLS stack adds hooks
 * on the agent side, never a method here. The agent's weavers emit calls through the names in
 * {@code dev.closenotify.agent.weave.BridgeCalls}, and a test checks every one resolves here.
 *
 * <p>It must never let anything escape into the woven method except the exception the listener
 * deliberately returns: a failure here would break the application's TLS reads.
 */
public final class Bridge {

    /** The only listener class this bridge accepts, defined by the system class loader. */
    static final String LISTENER_CLASS = "dev.closenotify.agent.detect.TruncationHandler";

    private static volatile EofListener listener;
    private static volatile boolean failureReported;
    /** True until the listener has accepted a lookup; read at each tracked construction. */
    private static volatile boolean wantsLookup = true;

    private Bridge() {
    }

    /**
     * Registers the agent's listener. The listener sees lookups with private access to JDK
     * packages, so only the agent's own handler, as the system class loader (which loads
     * {@code -javaagent} and attached agent jars) defines it, is accepted; anything else is
     * refused and said on stderr.
     *
     * @return false if a listener is already registered (the agent is already active in this
     *     JVM; the existing one is kept) or the listener was refused
     */
    public static synchronized boolean register(EofListener newListener) {
        if (listener != null) {
            return false;
        }
        Class<?> type = newListener.getClass();
        ClassLoader expected = ClassLoader.getSystemClassLoader();
        if (!type.getName().equals(LISTENER_CLASS) || type.getClassLoader() != expected) {
            say("refused to register " + type.getName() + " of loader " + type.getClassLoader()
                    + " as the TLS EOF listener: only " + LISTENER_CLASS + " of the system class"
                    + " loader is accepted; no listener registered");
            return false;
        }
        listener = newListener;
        return true;
    }

    /**
     * For the agent's unit tests only: registers any listener. Package-private, so only a class
     * of this package in the bridge's own loader can call it; in an agent that is the boot
     * loader, where nothing but the bridge jar defines this package.
     */
    static synchronized void registerUnchecked(EofListener newListener) {
        listener = newListener;
    }

    /** For the agent's unit tests only, as {@link #registerUnchecked}. */
    static EofListener current() {
        return listener;
    }

    /**
     * EOF seen on {@code connection} (at the entry of the hooked method). Throws the listener's
     * exception (the deliberate {@code throw}-policy one) itself, so the woven code is a plain
     * call with no branch.
     */
    public static void eof(int hook, Object connection, Object state, Object cause,
            MethodHandles.Lookup lookup) throws IOException {
        EofListener current = listener;
        if (current == null) {
            return;
        }
        IOException replacement;
        try {
            replacement = current.onEof(hook, connection, state, cause, lookup);
        } catch (Throwable t) {
            reportFailure(t);
            return;
        }
        if (replacement != null) {
            throw replacement;
        }
    }

    /**
     * Before a reader passes data on from {@code engine}, with {@code end} telling whether this
     * is the end of the stream. Costs one branch on the data path.
     */
    public static void streamEnd(int hook, boolean end, Object engine) throws IOException {
        if (!end) {
            return;
        }
        EofListener current = listener;
        if (current == null) {
            return;
        }
        IOException replacement;
        try {
            replacement = current.onStreamEnd(hook, engine);
        } catch (Throwable t) {
            reportFailure(t);
            return;
        }
        if (replacement != null) {
            throw replacement;
        }
    }

    // Application bytes moved: arithmetic for the tracking code woven into read and write paths,
    // static, tiny and allocation-free, so the JIT inlines it; it keeps the woven code branch-free.

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

    // Application bytes moved, for the framing watch: each is a null check and one call on the
    // data path; the watch never throws, but a failure would still be caught and said once.

    /**
     * A TLS connection was constructed: the watch its woven read and write paths will feed, or
     * null (no listener, or framing off). Kept in a field the agent added to the connection.
     */
    public static Object watch(Object connection) {
        EofListener current = listener;
        if (current == null) {
            return null;
        }
        try {
            return current.onConnection(connection);
        } catch (Throwable t) {
            reportFailure(t);
            return null;
        }
    }

    /** A socket read returned {@code n}: the bytes are in {@code b} from {@code off}. */
    public static void read(int n, Object watch, byte[] b, int off) {
        if (n > 0 && watch instanceof AppDataWatch) {
            try {
                ((AppDataWatch) watch).read(b, off, n);
            } catch (Throwable t) {
                reportFailure(t);
            }
        }
    }

    /** A socket write of {@code len} bytes of {@code b} from {@code off} returned. */
    public static void written(Object watch, byte[] b, int off, int len) {
        if (len > 0 && watch instanceof AppDataWatch) {
            try {
                ((AppDataWatch) watch).written(b, off, len);
            } catch (Throwable t) {
                reportFailure(t);
            }
        }
    }

    /** At the entry of an engine's {@code unwrap}. */
    public static void beforeUnwrap(Object watch, ByteBuffer[] dsts, int off, int len) {
        if (watch instanceof AppDataWatch) {
            try {
                ((AppDataWatch) watch).beforeUnwrap(dsts, off, len);
            } catch (Throwable t) {
                reportFailure(t);
            }
        }
    }

    /** Before an engine's {@code unwrap} returns {@code result}. */
    public static void unwrapped(SSLEngineResult result, Object watch, ByteBuffer[] dsts, int off,
            int len) {
        if (watch instanceof AppDataWatch) {
            int produced = produced(result);
            if (produced > 0) {
                try {
                    ((AppDataWatch) watch).unwrapped(dsts, off, len, produced);
                } catch (Throwable t) {
                    reportFailure(t);
                }
            }
        }
    }

    /** At the entry of an engine's {@code wrap}. */
    public static void beforeWrap(Object watch, ByteBuffer[] srcs, int off, int len) {
        if (watch instanceof AppDataWatch) {
            try {
                ((AppDataWatch) watch).beforeWrap(srcs, off, len);
            } catch (Throwable t) {
                reportFailure(t);
            }
        }
    }

    /** Before an engine's {@code wrap} returns {@code result}. */
    public static void wrapped(SSLEngineResult result, Object watch, ByteBuffer[] srcs, int off,
            int len) {
        if (watch instanceof AppDataWatch) {
            int consumed = consumed(result);
            if (consumed > 0) {
                try {
                    ((AppDataWatch) watch).wrapped(srcs, off, len, consumed);
                } catch (Throwable t) {
                    reportFailure(t);
                }
            }
        }
    }

    /**
     * Hands a lookup made inside a woven class straight to the listener. It is never stored
     * here: a public holder of such a lookup would let any code in the JVM bypass encapsulation.
     */
    public static void offerLookup(MethodHandles.Lookup lookup) {
        EofListener current = listener;
        if (current == null || !wantsLookup) {
            return;
        }
        try {
            // Only an accepted lookup ends the offers: a bogus one from any caller must not.
            if (current.onLookup(lookup)) {
                wantsLookup = false;
            }
        } catch (Throwable t) {
            wantsLookup = false;
            reportFailure(t);
        }
    }

    // Said once: the listener is expected to catch its own failures, so this is a last line.
    private static void reportFailure(Throwable t) {
        if (failureReported) {
            return;
        }
        failureReported = true;
        say("internal error in the agent's TLS hooks (" + t.getClass().getName() + ": "
                + t.getMessage() + "); the JDK's behaviour is unchanged, later events may be missed");
    }

    private static void say(String message) {
        try {
            System.err.println("closenotify: " + message);
        } catch (Throwable ignored) {
            // Nothing left to tell it to.
        }
    }
}
