package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class AgentProbeTest {

    /** Shaped like the agent's MBean; only the attribute names and types matter to the probe. */
    public interface FakeAgentMBean {
        long getTruncations();

        long getHandshakeEofs();

        long getAfterLocalClose();

        long getThrown();

        String getPolicy();
    }

    public static final class FakeAgent implements FakeAgentMBean {
        volatile long truncations;

        @Override
        public long getTruncations() {
            return truncations;
        }

        @Override
        public long getHandshakeEofs() {
            return 2;
        }

        @Override
        public long getAfterLocalClose() {
            return 3;
        }

        @Override
        public long getThrown() {
            return 4;
        }

        @Override
        public String getPolicy() {
            return "log";
        }
    }

    /** The same MBean with the harm counters of issue 11. */
    public interface FakeHarmAgentMBean extends FakeAgentMBean {
        long getSilentTruncations();

        long getDetectedTruncations();

        long getHarmlessTruncations();

        long getUnknownHarmTruncations();
    }

    public static final class FakeHarmAgent implements FakeHarmAgentMBean {
        volatile long silent;

        @Override
        public long getTruncations() {
            return silent + 2 + 3 + 4;
        }

        @Override
        public long getHandshakeEofs() {
            return 0;
        }

        @Override
        public long getAfterLocalClose() {
            return 0;
        }

        @Override
        public long getThrown() {
            return 0;
        }

        @Override
        public String getPolicy() {
            return "log";
        }

        @Override
        public long getSilentTruncations() {
            return silent;
        }

        @Override
        public long getDetectedTruncations() {
            return 2;
        }

        @Override
        public long getHarmlessTruncations() {
            return 3;
        }

        @Override
        public long getUnknownHarmTruncations() {
            return 4;
        }
    }

    @Test
    void readsHarmCountersWhenTheAgentHasThem() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        FakeHarmAgent agent = new FakeHarmAgent();
        server.registerMBean(agent, new ObjectName(AgentProbe.OBJECT_NAME));
        AgentProbe probe = AgentProbe.locate(server, 0);
        AgentCounters before = probe.snapshot();
        assertEquals(new AgentCounters.HarmCounts(0, 2, 3, 4), before.harm());
        agent.silent = 1;
        AgentCounters delta = probe.snapshot().minus(before);
        assertEquals("truncated", delta.describeDelta());
        assertEquals("silent", delta.describeHarm());
    }

    @Test
    void anAgentWithoutHarmCountersGivesNone() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(new FakeAgent(), new ObjectName(AgentProbe.OBJECT_NAME));
        assertNull(AgentProbe.locate(server, 0).snapshot().harm());
    }

    @Test
    void absentMBeanMeansNotAttached() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AgentProbe probe = AgentProbe.locate(server, 0);
        assertFalse(probe.attached());
        assertNull(probe.snapshot());
        assertNull(probe.policy());
    }

    @Test
    void readsCountersAndPolicy() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        FakeAgent agent = new FakeAgent();
        server.registerMBean(agent, new ObjectName(AgentProbe.OBJECT_NAME));
        AgentProbe probe = AgentProbe.locate(server, 0);
        assertTrue(probe.attached());
        AgentCounters before = probe.snapshot();
        assertEquals(new AgentCounters(0, 2, 3, 4), before);
        agent.truncations = 1;
        assertEquals("truncated", probe.snapshot().minus(before).describeDelta());
        assertEquals("log", probe.policy());
    }

    @Test
    void waitsOnlyWhenAJavaAgentIsOnTheCommandLine() {
        assertTrue(AgentProbe.javaAgentOnCommandLine(List.of("-Xmx64m", "-javaagent:/x/closenotify-agent.jar=x")));
        assertFalse(AgentProbe.javaAgentOnCommandLine(List.of("-Xmx64m", "-agentlib:jdwp=transport=dt_socket")));
    }
}
