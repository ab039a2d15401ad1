package dev.closenotify.it.child;

import dev.closenotify.demo.AgentProbe;
import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A child program for the integration tests: prints the agent MBean's management interface as
 * its MBeanInfo declares it, then tries to write every attribute with the value it already has,
 * which can only fail for attributes that are not writable.
 *
 * <pre>ATTRIBUTE name type r|- w|-
 * OPERATION name(signature) impact
 * WRITE name ok|refused:&lt;exception&gt;</pre>
 */
public final class MBeanInfoChild {

    private MBeanInfoChild() {
    }

    public static void main(String[] args) throws Exception {
        AgentProbe probe = AgentProbe.locate();
        if (!probe.attached()) {
            System.out.println("NO_MBEAN");
            System.exit(1);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(AgentProbe.OBJECT_NAME);
        MBeanInfo info = server.getMBeanInfo(name);
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            System.out.println("ATTRIBUTE " + attribute.getName() + " " + attribute.getType() + " "
                    + (attribute.isReadable() ? "r" : "-") + " " + (attribute.isWritable() ? "w" : "-"));
        }
        for (MBeanOperationInfo operation : info.getOperations()) {
            StringBuilder signature = new StringBuilder();
            for (var parameter : operation.getSignature()) {
                signature.append(signature.length() == 0 ? "" : ",").append(parameter.getType());
            }
            System.out.println("OPERATION " + operation.getName() + "(" + signature + ") "
                    + operation.getImpact());
        }
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            String result;
            try {
                Object value = server.getAttribute(name, attribute.getName());
                server.setAttribute(name, new Attribute(attribute.getName(), value));
                result = "ok";
            } catch (Exception e) {
                result = "refused:" + e.getClass().getSimpleName();
            }
            System.out.println("WRITE " + attribute.getName() + " " + result);
        }
        System.out.flush();
        System.exit(0);
    }
}
