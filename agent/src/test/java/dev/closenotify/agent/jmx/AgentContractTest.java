package dev.closenotify.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The public names in AgentContract are exactly the MBean's: a rename on either side fails. */
class AgentContractTest {

    @Test
    void everyAttributeNameIsAnAttributeOfTheMBeanAndBack() throws Exception {
        Set<String> attributes = new TreeSet<>();
        for (Method method : AgentStatusMBean.class.getMethods()) {
            String name = method.getName();
            if (name.startsWith("get") && method.getParameterCount() == 0) {
                attributes.add(name.substring(3));
            } else if (name.startsWith("is") && method.getParameterCount() == 0) {
                attributes.add(name.substring(2));
            }
        }
        Set<String> contract = new TreeSet<>();
        for (Field field : AgentContract.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("OBJECT_NAME")
                    && !field.getName().equals("ACTIVE_PROPERTY")) {
                contract.add((String) field.get(null));
            }
        }
        assertEquals(attributes, contract);
        assertTrue(attributes.containsAll(AgentContract.STATUS_ATTRIBUTES));
    }

    @Test
    void theNamesAreTheDocumentedOnes() throws Exception {
        assertEquals(new ObjectName("closenotify:type=Agent"),
                new ObjectName(AgentContract.OBJECT_NAME));
        assertEquals("closenotify.active", AgentContract.ACTIVE_PROPERTY);
        assertEquals(AgentContract.OBJECT_NAME, AgentStatus.OBJECT_NAME);
    }
}
