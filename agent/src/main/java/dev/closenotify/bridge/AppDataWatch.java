package dev.closenotify.bridge;

import java.nio.ByteBuffer;

/**
 * Watches the application bytes of one TLS connection as they move, so that an EOF without
 * close_notify can later be judged by the protocol's own framing. One per connection, made by
 * the agent when the socket or engine is constructed ({@link Bridge#watch}); the woven read and
 * write paths hand it each call's bytes through {@link Bridge}.
 *
 * <p>Implementations read the caller's bytes during the call only, keep no reference to a
 * caller's buffer and never store a byte; they never throw, allocate or lock per call.
 */
public interface AppDataWatch {

    /** A socket read returned {@code n > 0} bytes into {@code b} from {@code off}. */
    void read(byte[] b, int off, int n);

    /** A socket write of {@code len} bytes of {@code b} from {@code off} returned normally. */
    void written(byte[] b, int off, int len);

    /** At the entry of {@code unwrap}: where each destination's new bytes will start. */
    void beforeUnwrap(ByteBuffer[] dsts, int off, int len);

    /** {@code unwrap} returned, having put {@code produced} bytes into the destinations. */
    void unwrapped(ByteBuffer[] dsts, int off, int len, int produced);

    /** At the entry of {@code wrap}: where each source's bytes to be taken start. */
    void beforeWrap(ByteBuffer[] srcs, int off, int len);

    /** {@code wrap} returned, having taken {@code consumed} bytes from the sources. */
    void wrapped(ByteBuffer[] srcs, int off, int len, int consumed);
}
