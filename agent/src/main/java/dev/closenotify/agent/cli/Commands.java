package dev.closenotify.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.jmx.AgentContract;
import dev.closenotify.agent.util.Console;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.bytebuddy.agent.ByteBuddyAgent;

/** What each CLI verb does, against another JVM on this machine. */
final class Commands {

    private static final String ACTIVE_PROPERTY = AgentContract.ACTIVE_PROPERTY;
    private static final String OBJECT_NAME = AgentContract.OBJECT_NAME;

    private static final long REGISTRATION_WAIT_NANOS = 3_000_000_000L;

    /** Every status name padded to the longest, so the values line up in one column. */
    static final String STATUS_LINE = "  %-" + longest(AgentContract.STATUS_ATTRIBUTES) + "s %s%n";

    private final PrintStream out;
    private final PrintStream err;

    Commands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int list() {
        String self = Long.toString(ProcessHandle.current().pid());
        out.printf("%-8s %-28s %s%n", "PID", "CLOSENOTIFY", "MAIN");
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (vm.id().equals(self)) {
                continue;
            }
            String agent;
            try {
                String version = activeVersion(vm.id());
                agent = version == null ? "not loaded" : "active " + version;
            } catch (Exception e) {
                agent = "unknown (cannot attach)";
            }
            out.printf("%-8s %-28s %s%n", vm.id(), agent, vm.displayName());
        }
        return 0;
    }

    int attach(String pid, String agentArgs) {
        try {
            String version = activeVersion(pid);
            if (version != null) {
                out.println("closenotify: the agent " + version + " is already active in " + pid
                        + "; nothing done");
                return 0;
            }
            ByteBuddyAgent.attach(ownJar(), pid, agentArgs);
            version = activeVersion(pid);
            if (version == null) {
                err.println("closenotify: the agent was loaded into " + pid + " but did not start;"
                        + " see that JVM's stderr");
                return 1;
            }
            out.println("closenotify: attached agent " + version + " to " + pid
                    + (agentArgs.isEmpty() ? "" : " with " + agentArgs)
                    + "; see that JVM's stderr for its start-up line");
            return 0;
        } catch (Exception e) {
            err.println("closenotify: cannot attach to " + pid + " (" + Console.describe(e) + ")");
            return 1;
        }
    }

    int status(String pid) {
        return withAgent(pid, connection -> printStatus(connection, pid));
    }

    /** Apart from the attach, so that it can be tried against any MBean server. */
    int printStatus(MBeanServerConnection connection, String pid) throws Exception {
        ObjectName name = new ObjectName(OBJECT_NAME);
        out.println("closenotify agent " + connection.getAttribute(name, AgentContract.VERSION) + " in " + pid);
        for (String attribute : AgentContract.STATUS_ATTRIBUTES) {
            Object value;
            try {
                value = connection.getAttribute(name, attribute);
            } catch (AttributeNotFoundException e) {
                // An agent attached by an older jar lacks the newer counters: say so, show the rest.
                value = "unavailable (not in this agent version)";
            }
            out.printf(STATUS_LINE, attribute, value);
        }
        return 0;
    }

    private static int longest(Iterable<String> names) {
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, name.length());
        }
        return longest;
    }

    int set(String pid, String setting) {
        int eq = setting.indexOf('=');
        String key = eq < 0 ? setting : setting.substring(0, eq);
        if (!key.equals("policy") && !key.equals("closenotify.policy")) {
            err.println("closenotify: only the policy can change at run time (got '" + setting
                    + "'); expected policy=<" + Policy.EXPECTED + ">");
            return 2;
        }
        String value = setting.substring(eq + 1);
        if (Policy.parse(value) == null) {
            err.println("closenotify: invalid value '" + value + "' for policy (expected "
                    + Policy.EXPECTED + "); nothing changed");
            return 2;
        }
        return withAgent(pid, connection -> {
            ObjectName name = new ObjectName(OBJECT_NAME);
            Object before = connection.getAttribute(name, AgentContract.POLICY);
            connection.setAttribute(name, new Attribute(AgentContract.POLICY, value.trim()));
            out.println("closenotify: policy of " + pid + ": " + before + " -> "
                    + connection.getAttribute(name, AgentContract.POLICY));
            return 0;
        });
    }

    private interface JmxAction {
        int run(MBeanServerConnection connection) throws Exception;
    }

    /** Connects to the JVM's local JMX agent (started on demand through the attach API). */
    private int withAgent(String pid, JmxAction action) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Exception e) {
            err.println("closenotify: cannot attach to " + pid + " (" + Console.describe(e) + ")");
            return 1;
        }
        try {
            boolean agentActive = vm.getSystemProperties().getProperty(ACTIVE_PROPERTY) != null;
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                if (agentActive) {
                    awaitRegistration(connection);
                }
                return action.run(connection);
            }
        } catch (InstanceNotFoundException e) {
            err.println("closenotify: no closenotify agent in " + pid + " (load it with: java -jar "
                    + "closenotify-agent.jar attach " + pid + ")");
            return 1;
        } catch (Exception e) {
            err.println("closenotify: cannot talk to " + pid + " (" + Console.describe(e) + ")");
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (Exception ignored) {
                // Detaching is best effort.
            }
        }
    }

    /**
     * The agent registers its MBean one second after the JVM starts; a JVM asked about sooner
     * gets that long, rather than a "no agent" that would be wrong.
     */
    private static void awaitRegistration(MBeanServerConnection connection) throws Exception {
        ObjectName name = new ObjectName(OBJECT_NAME);
        long deadline = System.nanoTime() + REGISTRATION_WAIT_NANOS;
        while (!connection.isRegistered(name) && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }

    /** The agent version the JVM reports, or null when the agent is not in it. */
    private static String activeVersion(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            Properties properties = vm.getSystemProperties();
            return properties.getProperty(ACTIVE_PROPERTY);
        } finally {
            vm.detach();
        }
    }

    private static File ownJar() throws URISyntaxException {
        return Paths.get(Commands.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toFile();
    }
}
