package dev.closenotify.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own voice: one line on stderr with a {@code closenotify:} prefix. Used for start-up,
 * configuration and failure messages, which must be seen even when the application has no logging.
 */
public final class Console {

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Console() {
    }

    public static void say(String message) {
        try {
            System.err.println("closenotify: " + message);
        } catch (Throwable ignored) {
            // stderr itself failed; there is nowhere else to say it.
        }
    }

    /** Says {@code message} only the first time {@code key} is seen, so a fault is reported once. */
    public static void sayOnce(String key, String message) {
        if (SAID.add(key)) {
            say(message);
        }
    }

    /** Describes a failure briefly, for messages that name what went wrong without a stack trace. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
