package dev.closenotify.it.child;

import dev.closenotify.demo.AgentProbe;
import dev.closenotify.demo.EngineClient;
import dev.closenotify.demo.EnginePeer;
import dev.closenotify.demo.Outcome;
import dev.closenotify.demo.PeerBehaviour;
import dev.closenotify.demo.Scenario;
import dev.closenotify.demo.SocketClient;
import dev.closenotify.demo.TlsMaterial;
import dev.closenotify.demo.TlsVersion;
import dev.closenotify.demo.Transport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.management.ObjectName;

/**
 * A child program for the fault tests that must not depend on the agent's MBean (it may be
 * missing or someone else's): plays one socket and one engine truncation (TLS 1.3), prints what
 * the application saw, then, by argument:
 *
 * <ul>
 *   <li>{@code await-jmx}: waits until the agent's housekeeping thread has tried to register its
 *       MBean (it sleeps right after), then prints the {@code Owner} attribute of whatever MBean
 *       holds the name;
 *   <li>{@code delete=DIR}: deletes the (empty) directory DIR before exiting.
 * </ul>
 */
public final class FaultChild {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private FaultChild() {
    }

    public static void main(String[] args) throws Exception {
        SSLContext context = TlsMaterial.context();
        try (EnginePeer peer = EnginePeer.start(context)) {
            for (Transport transport : Transport.values()) {
                CompletableFuture<Void> served = peer.expect(PeerBehaviour.TRUNCATE_FIN, 1000);
                Outcome outcome = transport == Transport.SOCKET
                        ? new SocketClient(context).run(Scenario.TRUNCATE_FIN, TlsVersion.TLS_1_3,
                                peer.port(), 1000)
                        : new EngineClient(context).run(Scenario.TRUNCATE_FIN, TlsVersion.TLS_1_3,
                                peer.port(), 1000);
                served.get(EnginePeer.TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
                System.out.println("PLAYED " + transport.id() + " bytes=" + outcome.bytes() + " end="
                        + (outcome.endedByException() ? outcome.exceptionClass() : outcome.cleanEnd()));
            }
        }
        for (String arg : args) {
            if (arg.equals("await-jmx")) {
                awaitHousekeepingAsleep();
                Object owner = ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName(AgentProbe.OBJECT_NAME), "Owner");
                System.out.println("MBEAN_OWNER " + owner);
            } else if (arg.startsWith("delete=")) {
                Path dir = Paths.get(arg.substring("delete=".length()));
                Files.delete(dir);
                System.out.println("DELETED " + !Files.exists(dir));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /**
     * The housekeeping thread sleeps (Thread.sleep) until it registers the MBean, then sleeps a
     * minute at a time in TimeUnit.sleep: wait for the second kind of sleep.
     */
    private static void awaitHousekeepingAsleep() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            for (Map.Entry<Thread, StackTraceElement[]> thread
                    : Thread.getAllStackTraces().entrySet()) {
                if (thread.getKey().getName().equals("closenotify-housekeeping")
                        && thread.getKey().getState() == Thread.State.TIMED_WAITING
                        && inMinuteSleep(thread.getValue())) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the agent's housekeeping thread never slept");
            }
            Thread.sleep(10);
        }
    }

    private static boolean inMinuteSleep(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.util.concurrent.TimeUnit")
                    && frame.getMethodName().equals("sleep")) {
                return true;
            }
        }
        return false;
    }
}
