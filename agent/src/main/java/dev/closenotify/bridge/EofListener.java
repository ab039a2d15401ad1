package dev.closenotify.bridge;

import java.io.IOException;
import java.lang.invoke.MethodHandles;

/**
 * What woven code reaches through {@link Bridge}. Implemented on the agent side; this interface
 * lives in the bootstrap loader so that code woven into {@code java.base} (and into libraries of
 * any loader that delegates to it) can see it.
 *
 * <p>Entry points are by shape, not by TLS stack: each call carries the number of the hook that
 * made it, and the agent side knows which stack that hook belongs to. A new stack never changes
 * this interface. Arguments are plain JDK types; internal state is read through the
 * {@link MethodHandles.Lookup} that woven code creates inside its own class.
 */
public interface EofListener {

    /**
     * The transport ended under the hooked method.
     *
     * @param hook the number of the hook that saw it
     * @param connection the object the EOF was seen on (a socket, an engine, a channel)
     * @param state the connection's state object where the hook passes one, else null
     * @param cause the exception the library holds for the EOF, or null
     * @param lookup a lookup made inside the woven class, or null
     * @return the exception the hooked method should fail with instead, or {@code null} to let
     *     the library carry on unchanged
     */
    IOException onEof(int hook, Object connection, Object state, Object cause,
            MethodHandles.Lookup lookup);

    /**
     * A reader passes end of stream on from this engine.
     *
     * @return the exception the reader should fail with instead, or {@code null}
     */
    IOException onStreamEnd(int hook, Object engine);

    /**
     * Receives a lookup made inside a woven class (offered until one is accepted), for paths
     * that later see that class's objects from outside.
     *
     * @return whether the lookup was accepted; then no more are offered
     */
    boolean onLookup(MethodHandles.Lookup lookup);

    /**
     * A TLS connection (a socket or an engine) was constructed.
     *
     * @return the watch for its application bytes, or null to watch nothing (framing off)
     */
    AppDataWatch onConnection(Object connection);
}
