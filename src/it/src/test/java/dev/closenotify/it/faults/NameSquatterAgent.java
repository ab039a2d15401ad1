package dev.closenotify.it.faults;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * A tiny agent, packed into a jar by the test and loaded before the closenotify agent, whose
 * premain takes the MBean name {@code closenotify:type=Agent} first.
 */
public final class NameSquatterAgent {

    private NameSquatterAgent() {
    }

    /** The squatter's own management interface: one attribute, so its MBean can be recognised. */
    public interface SquatterMBean {
        String getOwner();
    }

    /** The MBean registered under the agent's name. */
    public static final class Squatter implements SquatterMBean {
        @Override
        public String getOwner() {
            return "squatter";
        }
    }

    public static void premain(String args, Instrumentation inst) throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Squatter(),
                new ObjectName("closenotify:type=Agent"));
    }
}
