package dev.closenotify.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.ReportWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
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
    void statusListsTheHarmCountersRightAfterTruncations() {
        assertEquals(List.of("Policy", "Truncations", "SilentTruncations", "DetectedTruncations",
                "HarmlessTruncations", "UnknownHarmTruncations", "HandshakeEofs", "AfterLocalClose",
                "Excluded", "Thrown", "Hooks"), AgentContract.STATUS_ATTRIBUTES);
    }

    @Test
    void theHarmCountersAreReadOnlyLongsThatAddUpToTruncations() throws Exception {
        Counters counters = new Counters();
        record(counters, Kind.TRUNCATED, Harm.SILENT, 4);
        record(counters, Kind.TRUNCATED, Harm.DETECTED, 3);
        record(counters, Kind.TRUNCATED, Harm.NONE, 2);
        record(counters, Kind.TRUNCATED, Harm.UNKNOWN, 1);
        record(counters, Kind.HANDSHAKE_EOF, Harm.SILENT, 5);
        Supplier<String> hooks = new Supplier<String>() {
            @Override
            public String get() {
                return "";
            }
        };
        PolicySource policy = new PolicySource(Policy.LOG, new Properties());
        AgentStatus status = new AgentStatus(counters, policy, hooks,
                new ReportWriter(counters, new EventStats(), hooks), null, "test");
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName(AgentContract.OBJECT_NAME);
        server.registerMBean(status, name);
        assertEquals(4L, server.getAttribute(name, AgentContract.SILENT_TRUNCATIONS));
        assertEquals(3L, server.getAttribute(name, AgentContract.DETECTED_TRUNCATIONS));
        assertEquals(2L, server.getAttribute(name, AgentContract.HARMLESS_TRUNCATIONS));
        assertEquals(1L, server.getAttribute(name, AgentContract.UNKNOWN_HARM_TRUNCATIONS));
        assertEquals(10L, server.getAttribute(name, AgentContract.TRUNCATIONS));
        for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
            if (info.getName().endsWith("Truncations")) {
                assertEquals("long", info.getType(), info.getName());
                assertTrue(info.isReadable() && !info.isWritable(), info.getName());
            }
        }
    }

    private static void record(Counters counters, Kind kind, Harm harm, int times) {
        for (int i = 0; i < times; i++) {
            counters.record(kind, Exchange.MID_STREAM, harm);
        }
    }

    @Test
    void theNamesAreTheDocumentedOnes() throws Exception {
        assertEquals(new ObjectName("closenotify:type=Agent"),
                new ObjectName(AgentContract.OBJECT_NAME));
        assertEquals("closenotify.active", AgentContract.ACTIVE_PROPERTY);
        assertEquals(AgentContract.OBJECT_NAME, AgentStatus.OBJECT_NAME);
    }
}
