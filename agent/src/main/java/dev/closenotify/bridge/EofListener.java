package dev.closenotify.bridge;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;

/**
 * What the inlined JDK advice calls into. Implemented on the agent side; this interface lives in
 * the bootstrap loader so that code woven into {@code java.base} can see it.
 *
 * <p>Arguments are passed as plain JDK types: {@code sun.security.ssl} is not exported, so the
 * agent reads JSSE state through the {@link MethodHandles.Lookup} that the advice creates inside
 * the instrumented class (it carries that class's package access) instead of casting.
 */
public interface EofListener {

    /**
     * Called on entry to {@code SSLSocketImpl.handleEOF}.
     *
     * @return the exception the read should fail with instead of returning -1, or {@code null}
     *     to let the JDK carry on unchanged
     */
    IOException onSocketEof(Object socket, Object transportContext, EOFException eof,
            MethodHandles.Lookup jsse);

    /** Called on entry to {@code SSLEngineImpl.closeInbound}. */
    void onEngineCloseInbound(Object engine, Object transportContext, MethodHandles.Lookup jsse);

    /**
     * Called when the JDK HttpClient's TLS reader passes end-of-stream downstream.
     *
     * @param engine the reader's engine
     * @return the exception the reader should fail with instead, or {@code null}
     */
    IOException onHttpClientEnd(Object engine);

    /**
     * Receives a lookup created inside {@code sun.security.ssl} (offered until one is accepted),
     * so that paths that see an engine from outside JSSE (the HttpClient) can still read its
     * state.
     *
     * @return whether the lookup was accepted; then no more are offered
     */
    boolean onJsseLookup(MethodHandles.Lookup jsse);
}
