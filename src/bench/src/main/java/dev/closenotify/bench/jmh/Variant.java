package dev.closenotify.bench.jmh;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What a JMH fork was started as ({@code -Dbench.variant=agent|none}, set by {@link JmhMain}),
 * and the checks that it really is that: a fork meant to run with the agent must have it active
 * with the hooks of the class it measures applied, and a fork meant to run without must not
 * have it. A failed check fails the benchmark (and {@link JmhMain} with it), so a comparison
 * never silently compares two agent-less runs.
 */
final class Variant {

    static final String PROPERTY = "bench.variant";
    static final String AGENT = "agent";
    static final String NONE = "none";

    // The agent's public surface these checks rely on (README: the property it sets, its MBean).
    /** Set by the agent to its version when it is active. */
    static final String AGENT_ACTIVE_PROPERTY = "closenotify.active";
    static final String AGENT_MBEAN = "closenotify:type=Agent";
    /** {@code SSLSocketImpl.handleEOF=applied, ..., tracking SSLEngineImpl=applied}. */
    static final String HOOKS_ATTRIBUTE = "Hooks";

    private Variant() {
    }

    /** At the start of a trial: the agent is active exactly when the fork was meant to have it. */
    static void checkStart() {
        String variant = System.getProperty(PROPERTY);
        if (variant == null) {
            return; // run by hand, outside JmhMain: nothing to check against
        }
        boolean active = System.getProperty(AGENT_ACTIVE_PROPERTY) != null;
        if (variant.equals(AGENT) && !active) {
            throw new IllegalStateException("fork started for the agent variant but the agent is not active");
        }
        if (variant.equals(NONE) && active) {
            throw new IllegalStateException("fork started without the agent but the agent is active");
        }
    }

    /**
     * After the measured class has been used: with the agent, every hook and tracking entry of
     * {@code jdkClass} (a simple name such as {@code SSLSocketImpl}) is applied.
     */
    static void checkHooked(String jdkClass) throws Exception {
        if (!AGENT.equals(System.getProperty(PROPERTY))) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(AGENT_MBEAN);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!server.isRegistered(name) && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        String hooks = String.valueOf(server.getAttribute(name, HOOKS_ATTRIBUTE));
        int found = 0;
        for (String entry : hooks.split(",\\s*")) {
            if (entry.contains(jdkClass)) {
                found++;
                if (!entry.endsWith("=applied")) {
                    throw new IllegalStateException("agent hook not applied: " + entry + " (Hooks: " + hooks + ")");
                }
            }
        }
        if (found == 0) {
            throw new IllegalStateException("the agent names no hook of " + jdkClass + " (Hooks: " + hooks + ")");
        }
    }
}
