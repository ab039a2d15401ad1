package dev.closenotify.agent.report;

import dev.closenotify.agent.util.Console;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes event lines to the application's own SLF4J set-up, so they land in its logback or log4j2
 * output and obey its level configuration; with no SLF4J provider reachable, to stderr with the
 * {@code closenotify:} prefix.
 *
 * <p>Lines are handed to one daemon writer thread through a bounded queue: the reading thread that
 * saw the EOF holds JSSE's read lock, and must never wait for log I/O. A full queue drops the line
 * (still counted, and said in the next summary); a shutdown hook writes what is left at exit.
 *
 * <p>The SLF4J copy is looked up from the reading thread's context class loader (captured with the
 * line), then the system class loader, so an application whose logging lives in a nested loader (a
 * fat jar, a servlet container) is found too. Lookups are cached per loader with weak keys and weak
 * values (a cached logger references its loader's classes), so no loader is pinned.
 */
public final class EventLog {

    private static final int QUEUE_CAPACITY = 4096;
    public static final long EXIT_DRAIN_MILLIS = 2000;

    /** Marks "this loader has no usable SLF4J" in the cache. */
    private static final Object NONE = new Object();

    private record Line(WeakReference<ClassLoader> loader, String message, boolean warn) {
    }

    private final Map<ClassLoader, WeakReference<Object>> byLoader = new WeakHashMap<>();
    /** Made with the writer thread, at the first line: a JVM without events pays for neither. */
    private volatile BlockingQueue<Line> queue;
    private final LongAdder dropped = new LongAdder();
    /** Lines submitted and not yet written (queued or being written); guarded by itself. */
    private final java.util.concurrent.atomic.AtomicInteger pending =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Object writerLock = new Object();
    private Thread writer;

    public void warn(String message) {
        submit(message, true);
    }

    public void info(String message) {
        submit(message, false);
    }

    /** Lines dropped because the queue was full, since the last call. */
    public long drainDropped() {
        return dropped.sumThenReset();
    }

    private void submit(String message, boolean warn) {
        ClassLoader context = null;
        try {
            context = Thread.currentThread().getContextClassLoader();
        } catch (Throwable ignored) {
            // No context loader available; the system loader is used.
        }
        BlockingQueue<Line> lines = startWriterOnce();
        pending.incrementAndGet();
        if (!lines.offer(new Line(new WeakReference<>(context), message, warn))) {
            pending.decrementAndGet();
            dropped.increment();
        }
    }

    private BlockingQueue<Line> startWriterOnce() {
        BlockingQueue<Line> current = queue;
        if (current != null) {
            return current;
        }
        synchronized (writerLock) {
            if (queue == null) {
                BlockingQueue<Line> created = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
                // Started on the application's thread that saw the first event: inherit neither
                // its context class loader (it would pin, say, a redeployed webapp) nor its
                // inheritable thread-locals.
                writer = new Thread(null, new Runnable() {
                    @Override
                    public void run() {
                        writeForever(created);
                    }
                }, "closenotify-log", 0, false);
                writer.setContextClassLoader(null);
                writer.setDaemon(true);
                queue = created;
                writer.start();
            }
            return queue;
        }
    }

    private void writeForever(BlockingQueue<Line> lines) {
        while (true) {
            try {
                Line line = lines.take();
                try {
                    write(line);
                } finally {
                    done();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Console.sayOnce("log-writer", "the event log writer failed (" + Console.describe(t)
                        + "); continuing");
            }
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            synchronized (pending) {
                pending.notifyAll();
            }
        }
    }

    /**
     * At JVM exit: waits until the writer thread has written every queued line (daemon threads
     * run on while shutdown hooks do), so lines keep their order and none is lost. Bounded, so exit
     * never hangs on a stuck appender.
     *
     * @return the lines still not written when the wait ended (0 when all were)
     */
    public int drainAtExit() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_DRAIN_MILLIS);
        synchronized (pending) {
            long left;
            while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, left);
                } catch (InterruptedException e) {
                    break;
                }
            }
            return pending.get();
        }
    }

    private void write(Line line) {
        Slf4jLogger logger = find(line.loader().get());
        if (logger != null) {
            try {
                if (line.warn()) {
                    logger.warn(line.message());
                } else {
                    logger.info(line.message());
                }
                return;
            } catch (Throwable t) {
                Console.sayOnce("slf4j-write", "the application's SLF4J logger failed ("
                        + Console.describe(t) + "); event lines go to stderr instead");
            }
        }
        Console.say(line.message());
    }

    private Slf4jLogger find(ClassLoader context) {
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
