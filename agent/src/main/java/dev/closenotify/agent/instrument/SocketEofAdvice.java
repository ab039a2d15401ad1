package dev.closenotify.agent.instrument;

import dev.closenotify.bridge.Bridge;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code SSLSocketImpl.handleEOF(EOFException)}: the one place where a
 * socket EOF is about to be treated as if close_notify had arrived, so afterwards nothing tells
 * the two apart. Only JDK types and the bootstrap bridge may appear here.
 *
 * <p>No {@code suppress}: the bridge never throws, and the exception it may return is the
 * deliberate {@code throw}-policy one, which must reach the caller.
 */
final class SocketEofAdvice {

    private SocketEofAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object socket,
            @Advice.FieldValue("conContext") Object context,
            @Advice.Argument(0) EOFException eof) throws IOException {
        // The lookup is created inside SSLSocketImpl and so carries sun.security.ssl access.
        IOException replacement = Bridge.socketEof(socket, context, eof, MethodHandles.lookup());
        if (replacement != null) {
            throw replacement;
        }
    }
}
