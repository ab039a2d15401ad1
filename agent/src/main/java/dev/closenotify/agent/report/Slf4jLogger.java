package dev.closenotify.agent.report;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The logger named {@code closenotify} of one SLF4J copy (one class loader), reached reflectively
 * so the agent never links to, ships or shadows any SLF4J of its own.
 */
final class Slf4jLogger {

    static final String LOGGER_NAME = "closenotify";

    // Factories SLF4J falls back to when it found no provider: logging there would vanish.
    private static final String[] NO_PROVIDER_FACTORIES = {
        "org.slf4j.helpers.NOPLoggerFactory", "org.slf4j.helpers.NOP_FallbackServiceProvider"
    };

    private final Object logger;
    private final MethodHandle isWarnEnabled;
    private final MethodHandle warn;
    private final MethodHandle isInfoEnabled;
    private final MethodHandle info;

    private Slf4jLogger(Object logger, Class<?> loggerType) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType test = MethodType.methodType(boolean.class);
        MethodType log = MethodType.methodType(void.class, String.class);
        this.logger = logger;
        this.isWarnEnabled = lookup.findVirtual(loggerType, "isWarnEnabled", test);
        this.warn = lookup.findVirtual(loggerType, "warn", log);
        this.isInfoEnabled = lookup.findVirtual(loggerType, "isInfoEnabled", test);
        this.info = lookup.findVirtual(loggerType, "info", log);
    }

    /**
     * The {@code closenotify} logger of the SLF4J visible from {@code loader}, or null when that
     * loader has no SLF4J, or an SLF4J without a provider.
     */
    static Slf4jLogger from(ClassLoader loader) throws Throwable {
        Class<?> factory;
        Class<?> loggerType;
        try {
            factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
            loggerType = Class.forName("org.slf4j.Logger", false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Object loggerFactory = lookup.findStatic(factory, "getILoggerFactory",
                MethodType.methodType(Class.forName("org.slf4j.ILoggerFactory", false, loader)))
                .invoke();
        if (loggerFactory == null) {
            return null;
        }
        String factoryName = loggerFactory.getClass().getName();
        for (String noProvider : NO_PROVIDER_FACTORIES) {
            if (factoryName.equals(noProvider)) {
                return null;
            }
        }
        Object logger = lookup.findStatic(factory, "getLogger",
                MethodType.methodType(loggerType, String.class)).invoke(LOGGER_NAME);
        return new Slf4jLogger(logger, loggerType);
    }

    void warn(String message) throws Throwable {
        if ((boolean) isWarnEnabled.invoke(logger)) {
            warn.invoke(logger, message);
        }
    }

    void info(String message) throws Throwable {
        if ((boolean) isInfoEnabled.invoke(logger)) {
            info.invoke(logger, message);
        }
    }
}
