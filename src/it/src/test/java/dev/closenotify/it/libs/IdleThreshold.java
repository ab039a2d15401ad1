package dev.closenotify.it.libs;

import java.util.concurrent.locks.LockSupport;

/**
 * The agent's idle threshold ({@code closenotify.idle.ms}, set to a short value in the argLine of
 * the library-its execution). An idle keep-alive case must let that much time pass with no
 * application data before the server closes, or the close would not be "idle" by definition. This is
 * the one place a test lets real time pass; it waits until the clock says so, it asserts nothing
 * about how long anything took.
 */
final class IdleThreshold {

    private IdleThreshold() {
    }

    static long millis() {
        String value = System.getProperty("closenotify.idle.ms");
        if (value == null) {
            throw new IllegalStateException("closenotify.idle.ms is not set: the library-its"
                    + " execution sets it in its argLine; run the tests through Maven");
        }
        return Long.parseLong(value.trim());
    }

    /**
     * Returns once twice the threshold has passed since {@code lastActivityNanos} (a
     * {@link System#nanoTime()} taken after the last byte of the previous exchange arrived).
     */
    static void waitPast(long lastActivityNanos) {
        long until = lastActivityNanos + 2 * millis() * 1_000_000L;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
