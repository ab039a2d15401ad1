package dev.closenotify.demo;

/**
 * What the application saw on one connection: how many plaintext bytes arrived and how the
 * stream ended. Only counts are kept, never the plaintext itself.
 *
 * @param bytes          application bytes received
 * @param cleanEnd       how a normal end looked to the app ("-1", "close_notify", "close() returned"),
 *                       null when it ended with an exception
 * @param exceptionClass simple class name of the exception that ended it, or null
 * @param message        that exception's message, or null
 */
public record Outcome(long bytes, String cleanEnd, String exceptionClass, String message) {

    public static Outcome clean(long bytes, String how) {
        return new Outcome(bytes, how, null, null);
    }

    public static Outcome failed(long bytes, Throwable t) {
        return new Outcome(bytes, null, t.getClass().getSimpleName(), t.getMessage());
    }

    public boolean endedByException() {
        return exceptionClass != null;
    }
}
