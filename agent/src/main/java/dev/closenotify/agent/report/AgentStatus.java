package dev.closenotify.agent.report;

import dev.closenotify.agent.Console;
import dev.closenotify.agent.config.PolicySource;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@code closenotify:type=Agent} MBean: counters, policy and hook states. */
public final class AgentStatus implements AgentStatusMBean {

    public static final String OBJECT_NAME = "closenotify:type=Agent";

    private final Counters counters;
    private final PolicySource policy;
    private final Supplier<String> hooks;

    public AgentStatus(Counters counters, PolicySource policy, Supplier<String> hooks) {
        this.counters = counters;
        this.policy = policy;
        this.hooks = hooks;
    }

    @Override
    public long getTruncations() {
        return counters.truncations();
    }

    @Override
    public long getHandshakeEofs() {
        return counters.handshakeEofs();
    }

    @Override
    public long getAfterLocalClose() {
        return counters.afterLocalClose();
    }

    @Override
    public long getThrown() {
        return counters.thrown();
    }

    @Override
    public String getPolicy() {
        return policy.current().id();
    }

    @Override
    public void setPolicy(String value) {
        policy.set(value);
    }

    @Override
    public String getHooks() {
        return hooks.get();
    }

    /**
     * Registers with the platform MBean server. Failure is reported once and changes nothing
     * else: detection works without JMX.
     */
    public void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(this, new ObjectName(OBJECT_NAME));
        } catch (InstanceAlreadyExistsException e) {
            Console.sayOnce("jmx", "the MBean name " + OBJECT_NAME
                    + " is already taken; counters are not exposed over JMX, detection goes on");
        } catch (Throwable t) {
            Console.sayOnce("jmx", "could not register the MBean " + OBJECT_NAME + " ("
                    + Console.describe(t) + "); counters are not exposed over JMX, detection goes on");
        }
    }
}
