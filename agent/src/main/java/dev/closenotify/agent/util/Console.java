package dev.closenotify.agent.util;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own voice: one line on stderr with a {@code closenotify:} prefix. Used for start-up,
 * configuration and failure messages, which must be seen even when the application has no logging.
 */
public final class Console {

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    /** {@link #say} as a Consumer, without a lambda (no invokedynamic bootstrap at start-up). */
    public static final java.util.function.Consumer<String> SAY =
            new java.util.function.Consumer<String>() {
                @Override
                public void accept(String message) {
                    say(message);
                }
            };

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

    /**
     * Describes a failure briefly, for messages that name what went wrong without a stack trace:
     * the exception and, when it has one, its root cause (wrappers such as "Unexpected
     * initialization failure" say nothing by themselves). Always one line, at most about
     * {@value #MAX_DESCRIPTION} characters per exception.
     */
    public static String describe(Throwable t) {
        Throwable root = t;
        for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root == t ? one(t) : one(t) + ", caused by " + one(root);
    }

    static final int MAX_DESCRIPTION = 300;

    private static String one(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getName() + (message == null ? "" : ": " + message);
        StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_DESCRIPTION + 3));
        for (int i = 0; i < text.length() && line.length() < MAX_DESCRIPTION; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean breaks = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
            line.append(breaks ? ' ' : c);
        }
        return text.length() > MAX_DESCRIPTION ? line.append("...").toString() : line.toString();
    }
}
