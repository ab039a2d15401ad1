package dev.closenotify.it.child;

import dev.closenotify.demo.AgentProbe;
import dev.closenotify.demo.DemoMain;
import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A child program for the integration tests: changes the policy while running, through the
 * system property and through the MBean, and plays one truncation after each change.
 */
public final class RuntimePolicyChild {

    private static final String[] TRUNCATION = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket", "--tls", "1.3"
    };

    private RuntimePolicyChild() {
    }

    public static void main(String[] args) throws Exception {
        phase("start");
        System.setProperty("closenotify.policy", "throw");
        phase("property-throw");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(AgentProbe.OBJECT_NAME);
        server.setAttribute(name, new Attribute("Policy", "count"));
        System.out.println("PROPERTY_AFTER_MBEAN " + System.getProperty("closenotify.policy"));
        phase("mbean-count");
        try {
            server.setAttribute(name, new Attribute("Policy", "loud"));
            System.out.println("MBEAN_REJECTED none");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.out.println("MBEAN_REJECTED " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        }
        System.out.println("POLICY_AFTER_REJECT " + server.getAttribute(name, "Policy"));
        System.out.println("HOOKS " + server.getAttribute(name, "Hooks"));
        System.out.flush();
        System.exit(0);
    }

    private static void phase(String label) {
        System.out.println("PHASE " + label);
        System.err.println("PHASE " + label);
        int code = DemoMain.run(TRUNCATION, System.out, System.err);
        if (code != 0) {
            System.out.println("DEMO_FAILED " + code);
        }
    }
}
