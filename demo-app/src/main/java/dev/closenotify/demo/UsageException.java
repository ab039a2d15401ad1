package dev.closenotify.demo;

/** A command line the demo cannot run; the message names the offending option or value. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
