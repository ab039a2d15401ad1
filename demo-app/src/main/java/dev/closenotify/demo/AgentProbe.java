package dev.closenotify.demo;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the agent's MBean. The demo has no compile-time link to the agent: the MBean is the
 * agent's only public interface, and going through it also proves the agent registered it.
 */
public final class AgentProbe {

    public static final String OBJECT_NAME = "closenotify:type=Agent";
    /** Overrides how long to wait for the MBean to appear, in milliseconds. */
    static final String WAIT_PROPERTY = "closenotify.demo.agentWaitMillis";
    static final long DEFAULT_WAIT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 50;
    private static final ObjectName NAME = objectName();

    /** The MBean's harm counters (issue 11); together they split {@code Truncations}. */
    static final List<String> HARM_ATTRIBUTES = List.of("SilentTruncations", "DetectedTruncations",
            "HarmlessTruncations", "UnknownHarmTruncations");

    private final MBeanServer server;
    private final boolean attached;
    /** Whether the agent has all the harm counters; an older one has none, so the column says "-". */
    private final boolean harmCounted;

    private AgentProbe(MBeanServer server, boolean attached) {
        this.server = server;
        this.attached = attached;
        this.harmCounted = attached && hasAttributes(server, HARM_ATTRIBUTES);
    }

    /**
     * Finds the MBean, waiting for it if an agent may still be registering it (premain may
     * register it asynchronously to stay off the startup path).
     */
    public static AgentProbe locate() throws InterruptedException {
        return locate(ManagementFactory.getPlatformMBeanServer(), waitMillis());
    }

    static AgentProbe locate(MBeanServer server, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (!server.isRegistered(NAME)) {
            if (System.nanoTime() - deadline >= 0) {
                return new AgentProbe(server, false);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return new AgentProbe(server, true);
    }

    /**
     * Without a {@code -javaagent} on the command line no agent is coming, and waiting would only
     * add five seconds to every agent-less run; with one, wait the full default.
     */
    static long waitMillis() {
        String configured = System.getProperty(WAIT_PROPERTY);
        if (configured != null) {
            try {
                return Math.max(0, Long.parseLong(configured.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(WAIT_PROPERTY + " must be a number of milliseconds, got '"
                        + configured + "'", e);
            }
        }
        return javaAgentOnCommandLine(ManagementFactory.getRuntimeMXBean().getInputArguments())
                ? DEFAULT_WAIT_MILLIS : 0;
    }

    static boolean javaAgentOnCommandLine(List<String> jvmArguments) {
        for (String arg : jvmArguments) {
            if (arg.toLowerCase(Locale.ROOT).startsWith("-javaagent:")) {
                return true;
            }
        }
        return false;
    }

    public boolean attached() {
        return attached;
    }

    /** The current counters, or null when no agent is attached. */
    AgentCounters snapshot() {
        if (!attached) {
            return null;
        }
        AgentCounters.HarmCounts harm = harmCounted
                ? new AgentCounters.HarmCounts(number(HARM_ATTRIBUTES.get(0)), number(HARM_ATTRIBUTES.get(1)),
                        number(HARM_ATTRIBUTES.get(2)), number(HARM_ATTRIBUTES.get(3)))
                : null;
        return new AgentCounters(number("Truncations"), number("HandshakeEofs"),
                number("AfterLocalClose"), number("Thrown"), optionalNumber("Excluded"), harm);
    }

    /**
     * Whether the MBean declares every one of {@code names}. Asked of its MBeanInfo once, rather
     * than by catching a failed read per snapshot, because here absence is an expected state
     * (an older agent), not an error.
     */
    private static boolean hasAttributes(MBeanServer server, List<String> names) {
        try {
            Set<String> declared = new HashSet<>();
            for (MBeanAttributeInfo a : server.getMBeanInfo(NAME).getAttributes()) {
                declared.add(a.getName());
            }
            return declared.containsAll(names);
        } catch (JMException e) {
            return false;
        }
    }

    // Added to the agent after the first four; an older agent simply has none.
    private long optionalNumber(String attribute) {
        try {
            Object value = server.getAttribute(NAME, attribute);
            return value instanceof Number n ? n.longValue() : 0;
        } catch (JMException e) {
            return 0;
        }
    }

    /** The agent's effective policy, or null when no agent is attached. */
    String policy() {
        if (!attached) {
            return null;
        }
        try {
            Object value = server.getAttribute(NAME, "Policy");
            return value == null ? null : value.toString();
        } catch (JMException e) {
            throw new IllegalStateException("cannot read Policy of " + OBJECT_NAME + ": " + e, e);
        }
    }

    private long number(String attribute) {
        try {
            Object value = server.getAttribute(NAME, attribute);
            if (value instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalStateException(OBJECT_NAME + " attribute " + attribute + " is not a number: " + value);
        } catch (JMException e) {
            // A mismatch between demo and agent is a bug worth failing for, not a "-" in a column.
            throw new IllegalStateException("cannot read " + attribute + " of " + OBJECT_NAME + ": " + e, e);
        }
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }
}
