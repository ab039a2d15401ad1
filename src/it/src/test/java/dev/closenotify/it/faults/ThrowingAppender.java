package dev.closenotify.it.faults;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;

/**
 * A logback appender whose every append throws a RuntimeException. It implements
 * {@link Appender} directly: logback's AppenderBase would catch the exception itself, and the
 * point is an exception that reaches the caller of {@code logger.warn(...)}.
 */
public final class ThrowingAppender extends ContextAwareBase implements Appender<ILoggingEvent> {

    private String name;
    private boolean started;

    @Override
    public void doAppend(ILoggingEvent event) {
        throw new IllegalStateException("appender failure staged by the test");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void addFilter(Filter<ILoggingEvent> filter) {
        // No filters.
    }

    @Override
    public void clearAllFilters() {
        // No filters.
    }

    @Override
    public List<Filter<ILoggingEvent>> getCopyOfAttachedFiltersList() {
        return List.of();
    }

    @Override
    public FilterReply getFilterChainDecision(ILoggingEvent event) {
        return FilterReply.NEUTRAL;
    }
}
