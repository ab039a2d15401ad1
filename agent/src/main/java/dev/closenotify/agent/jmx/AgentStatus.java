package dev.closenotify.agent.jmx;

import dev.closenotify.agent.config.PolicySource;
import dev.closenotify.agent.report.Counters;
import dev.closenotify.agent.report.ReportWriter;
import dev.closenotify.agent.util.Console;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@code closenotify:type=Agent} MBean: counters, policy, hook states and the report. */
public final class AgentStatus implements AgentStatusMBean {

    public static final String OBJECT_NAME = AgentContract.OBJECT_NAME;

    private final Counters counters;
    private final PolicySource policy;
    private final Supplier<String> hooks;
    private final ReportWriter report;
    private final Path reportPath;
    private final String version;

    public AgentStatus(Counters counters, PolicySource policy, Supplier<String> hooks,
            ReportWriter report, Path reportPath, String version) {
        this.counters = counters;
        this.policy = policy;
        this.hooks = hooks;
        this.report = report;
        this.reportPath = reportPath;
        this.version = version;
    }

    @Override
    public long getTruncations() {
        return counters.truncations();
    }

    @Override
    public long getSilentTruncations() {
        return counters.silentTruncations();
    }

    @Override
    public long getDetectedTruncations() {
        return counters.detectedTruncations();
    }

    @Override
    public long getHarmlessTruncations() {
        return counters.harmlessTruncations();
    }

    @Override
    public long getUnknownHarmTruncations() {
        return counters.unknownHarmTruncations();
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
    public long getExcluded() {
        return counters.excluded();
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

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String writeReport() {
        if (reportPath == null) {
            throw new IllegalStateException("no report path: start the JVM with "
                    + "-Dclosenotify.report=PATH (or the agent argument report=PATH)");
        }
        try {
            report.write(reportPath);
            return reportPath.toString();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the report to " + reportPath + " ("
                    + Console.describe(e) + ")");
        }
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
