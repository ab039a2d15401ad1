package dev.closenotify.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The accept loop of the project's loopback test servers ({@link EnginePeer}, and those of the
 * integration tests): it runs on the calling thread until the server is closed, handing every
 * connection to a handler.
 */
public final class AcceptLoop {

    /** Takes one accepted connection; returns false to stop accepting. */
    public interface Handler {
        boolean handle(Socket socket);
    }

    private AcceptLoop() {
    }

    /**
     * Accepts until {@code closed} is true or {@code server.accept()} fails, which closing the
     * server socket makes it do. A failure that comes while {@code closed} is still false goes to
     * {@code onFailure}; either way it ends the loop.
     */
    public static void run(ServerSocket server, BooleanSupplier closed, Consumer<IOException> onFailure,
            Handler handler) {
        while (!closed.getAsBoolean()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed.getAsBoolean()) {
                    onFailure.accept(e);
                }
                return;
            }
            if (!handler.handle(socket)) {
                return;
            }
        }
    }
}
