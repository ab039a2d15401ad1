package dev.closenotify.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Runs every selected scenario against one local {@link EnginePeer} and reports, per run, what
 * the application received and what the agent counted.
 *
 * <p>Runs are strictly sequential: the agent's counters are JVM-wide, so the delta between two
 * snapshots only belongs to one run if nothing else is running.
 */
public final class DemoMain {

    static final String POLICY_PROPERTY = "closenotify.policy";
    /** Longer than the peer's own socket timeouts, so a peer failure is reported, not a wait. */
    private static final long PEER_WAIT_MILLIS = EnginePeer.TIMEOUT_MILLIS + 5_000;

    private DemoMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("closenotify-demo: " + e.getMessage());
            err.print(Options.usage());
            return 2;
        }
        if (options.help()) {
            out.print(Options.usage());
            return 0;
        }
        List<Combination> runs = options.combinations();
        if (runs.isEmpty()) {
            err.println("closenotify-demo: no scenario applies to the selected transports and TLS versions"
                    + " (tls13-half-close needs --tls 1.3, layered-close needs --transport socket)");
            return 2;
        }
        try {
            return play(options, runs, out, err) ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("closenotify-demo: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("closenotify-demo: demo failed: " + e);
            return 1;
        }
    }

    private static boolean play(Options options, List<Combination> runs, PrintStream out, PrintStream err)
            throws Exception {
        SSLContext context = TlsMaterial.context();
        AgentProbe agent = AgentProbe.locate();
        boolean lines = options.format() == Options.Format.LINES;
        SocketClient socketClient = new SocketClient(context);
        EngineClient engineClient = new EngineClient(context);

        boolean ok = true;
        List<RunResult> results = new ArrayList<>();
        Payload.resetCounts();
        try (EnginePeer peer = EnginePeer.start(context)) {
            for (Combination c : runs) {
                AgentCounters before = agent.snapshot();
                CompletableFuture<Void> served = peer.expect(c.scenario().behaviour(), options.appBytes());
                Outcome outcome;
                try {
                    outcome = c.transport() == Transport.SOCKET
                            ? socketClient.run(c.scenario(), c.tls(), peer.port(), options.appBytes())
                            : engineClient.run(c.scenario(), c.tls(), peer.port(), options.appBytes());
                } catch (IOException e) {
                    // Outcomes hold what the application sees; failing to even connect is the demo's problem.
                    err.println("closenotify-demo: " + c + ": client could not run: " + e);
                    ok = false;
                    continue;
                }
                ok &= awaitPeer(served, c, err);
                AgentCounters after = agent.snapshot();
                AgentCounters delta = after == null ? null : after.minus(before);
                RunResult r = new RunResult(c, outcome, delta == null ? null : delta.describeDelta(),
                        delta == null ? null : delta.describeHarm());
                results.add(r);
                if (lines) {
                    out.println(LinesReport.result(r));
                }
            }
        }

        AgentCounters totals = agent.snapshot();
        if (lines) {
            out.println(LinesReport.counters(totals, agent.policy()));
            String payload = Payload.summary();
            if (payload != null) {
                out.println(payload);
            }
        } else {
            TableReport.print(out, headline(agent), results, totals, agent.attached());
        }
        return ok;
    }

    /** The peer finishing is part of a run: its close may still be what triggers the client's event. */
    private static boolean awaitPeer(CompletableFuture<Void> served, Combination c, PrintStream err)
            throws InterruptedException {
        try {
            served.get(PEER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            err.println("closenotify-demo: " + c + ": peer failed: " + e.getCause());
        } catch (TimeoutException e) {
            err.println("closenotify-demo: " + c + ": peer did not finish within " + PEER_WAIT_MILLIS + " ms");
        }
        return false;
    }

    private static String headline(AgentProbe agent) {
        String policy = agent.attached() ? agent.policy() : System.getProperty(POLICY_PROPERTY);
        String source = agent.attached() ? "as reported by the agent"
                : policy == null ? "-D" + POLICY_PROPERTY + " not set" : "from -D" + POLICY_PROPERTY;
        return "closenotify demo on Java " + System.getProperty("java.version")
                + ": policy " + (policy == null ? "-" : policy) + " (" + source + ")";
    }
}
