package dev.closenotify.it.faults;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider whose initialization fails, as a provider with a broken configuration or a
 * missing dependency does. Only found by SLF4J when a test puts a service file naming it on the
 * class path (never from the test resources: every test JVM would see it).
 */
public final class BrokenSlf4jProvider implements SLF4JServiceProvider {

    @Override
    public ILoggerFactory getLoggerFactory() {
        throw new IllegalStateException("not initialized");
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        throw new IllegalStateException("not initialized");
    }

    /** SLF4J asks for this before initialize(), and survives without it; not the fault here. */
    @Override
    public MDCAdapter getMDCAdapter() {
        return new NOPMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        throw new IllegalStateException("provider initialization failure staged by the test");
    }
}
