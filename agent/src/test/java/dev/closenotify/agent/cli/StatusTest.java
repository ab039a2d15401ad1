package dev.closenotify.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closenotify.agent.config.Policy;
import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.jmx.AgentContract;
import dev.closenotify.agent.jmx.AgentStatus;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.EventStats;
import dev.closenotify.agent.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

/** What {@code status} prints, against an MBean server of the test's own (no attach). */
class StatusTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    private String status() throws Exception {
        assertEquals(0, new Commands(out, out).printStatus(server, "4242"));
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void printsTheHarmCountersAfterTruncationsInOneColumn() throws Exception {
        Counters counters = new Counters();
        for (int i = 0; i < 3; i++) {
            counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.SILENT);
        }
        counters.record(Kind.TRUNCATED, Exchange.MID_STREAM, Harm.DETECTED);
        counters.record(Kind.TRUNCATED, Exchange.IDLE, Harm.NONE);
        counters.record(Kind.TRUNCATED, Exchange.IDLE, Harm.NONE);
        counters.record(Kind.HANDSHAKE_EOF, Exchange.UNKNOWN, Harm.UNKNOWN);
        counters.recordThrown();
        Supplier<String> hooks = constant("SSLSocketImpl.handleEOF=applied");
        AgentStatus mbean = new AgentStatus(counters,
                new PolicySource(Policy.THROW, new Properties()), hooks,
                new ReportWriter(counters, new EventStats(), hooks), null, "9.9.9");
        server.registerMBean(mbean, new ObjectName(AgentContract.OBJECT_NAME));
        assertEquals("closenotify agent 9.9.9 in 4242\n"
                + "  Policy                 throw\n"
                + "  Truncations            6\n"
                + "  SilentTruncations      3\n"
                + "  DetectedTruncations    1\n"
                + "  HarmlessTruncations    2\n"
                + "  UnknownHarmTruncations 0\n"
                + "  HandshakeEofs          1\n"
                + "  AfterLocalClose        0\n"
                + "  Excluded               0\n"
                + "  Thrown                 1\n"
                + "  Hooks                  SSLSocketImpl.handleEOF=applied\n", status());
    }

    /** The CLI of a newer jar, asked about an agent an older jar attached. */
    @Test
    void anAgentWithoutTheHarmCountersStillGetsItsStatus() throws Exception {
        server.registerMBean(new StandardMBean(new OldAgent(), OldAgentMBean.class),
                new ObjectName(AgentContract.OBJECT_NAME));
        String status = status();
        assertEquals("closenotify agent 0.0.1 in 4242\n"
                + "  Policy                 log\n"
                + "  Truncations            5\n"
                + "  SilentTruncations      unavailable (not in this agent version)\n"
                + "  DetectedTruncations    unavailable (not in this agent version)\n"
                + "  HarmlessTruncations    unavailable (not in this agent version)\n"
                + "  UnknownHarmTruncations unavailable (not in this agent version)\n"
                + "  HandshakeEofs          1\n"
                + "  AfterLocalClose        2\n"
                + "  Excluded               3\n"
                + "  Thrown                 4\n"
                + "  Hooks                  old\n", status);
    }

    private static Supplier<String> constant(String value) {
        return new Supplier<String>() {
            @Override
            public String get() {
                return value;
            }
        };
    }

    /** The MBean as it was before harm verdicts. */
    public interface OldAgentMBean {
        long getTruncations();

        long getHandshakeEofs();

        long getAfterLocalClose();

        long getThrown();

        long getExcluded();

        String getPolicy();

        String getHooks();

        String getVersion();
    }

    public static final class OldAgent implements OldAgentMBean {
        @Override
        public long getTruncations() {
            return 5;
        }

        @Override
        public long getHandshakeEofs() {
            return 1;
        }

        @Override
        public long getAfterLocalClose() {
            return 2;
        }

        @Override
        public long getThrown() {
            return 4;
        }

        @Override
        public long getExcluded() {
            return 3;
        }

        @Override
        public String getPolicy() {
            return "log";
        }

        @Override
        public String getHooks() {
            return "old";
        }

        @Override
        public String getVersion() {
            return "0.0.1";
        }
    }
}
