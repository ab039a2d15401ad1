package dev.closenotify.it.faults;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A logback appender that never returns: a logger stuck on a full disk, a dead syslog socket or
 * a deadlock. It says once on stderr that it was reached, so a test can tell it really blocked.
 */
public final class BlockingAppender extends AppenderBase<ILoggingEvent> {

    private static final AtomicBoolean ENTERED = new AtomicBoolean();
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    protected void append(ILoggingEvent event) {
        if (ENTERED.compareAndSet(false, true)) {
            System.err.println("BLOCKING_APPENDER_ENTERED");
            System.err.flush();
        }
        while (true) {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // Blocked means blocked.
            }
        }
    }
}
