package dev.closenotify.agent.report;

import dev.closenotify.agent.Console;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Writes event lines to the application's own SLF4J set-up, so they land in its logback or log4j2
 * output and obey its level configuration; with no SLF4J provider reachable, to stderr with the
 * {@code closenotify:} prefix.
 *
 * <p>The SLF4J copy is looked up from the reading thread's context class loader, then the system
 * class loader, so an application whose logging lives in a nested loader (a fat jar, a servlet
 * container) is found too. Lookups are cached per loader with weak keys and weak values (a cached
 * logger references its loader's classes), so no loader is pinned; a cleared entry is looked up
 * again at the next event.
 */
public final class EventLog {

    /** Marks "this loader has no usable SLF4J" in the cache. */
    private static final Object NONE = new Object();

    private final Map<ClassLoader, WeakReference<Object>> byLoader = new WeakHashMap<>();

    public void warn(String message) {
        write(message, true);
    }

    public void info(String message) {
        write(message, false);
    }

    private void write(String message, boolean warn) {
        Slf4jLogger logger = find();
        if (logger != null) {
            try {
                if (warn) {
                    logger.warn(message);
                } else {
                    logger.info(message);
                }
                return;
            } catch (Throwable t) {
                Console.sayOnce("slf4j-write", "the application's SLF4J logger failed ("
                        + Console.describe(t) + "); event lines go to stderr instead");
            }
        }
        Console.say(message);
    }

    private Slf4jLogger find() {
        ClassLoader context = null;
        try {
            context = Thread.currentThread().getContextClassLoader();
        } catch (Throwable ignored) {
            // No context loader available; fall through to the system loader.
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Slf4jLogger logger = context == null ? null : cached(context);
        if (logger == null && context != system) {
            logger = cached(system);
        }
        return logger;
    }

    private Slf4jLogger cached(ClassLoader loader) {
        Object found;
        synchronized (byLoader) {
            WeakReference<Object> ref = byLoader.get(loader);
            found = ref == null ? null : ref.get();
        }
        if (found == null) {
            try {
                Slf4jLogger logger = Slf4jLogger.from(loader);
                found = logger == null ? NONE : logger;
            } catch (Throwable t) {
                Console.sayOnce("slf4j-find", "the application's SLF4J could not be used ("
                        + Console.describe(t) + "); event lines go to stderr instead");
                found = NONE;
            }
            synchronized (byLoader) {
                byLoader.put(loader, new WeakReference<>(found));
            }
        }
        return found == NONE ? null : (Slf4jLogger) found;
    }
}
