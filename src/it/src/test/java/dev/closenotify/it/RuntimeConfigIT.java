package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up messages, bad input, precedence, run-time policy changes and loading twice. */
class RuntimeConfigIT {

    private static final String[] ONE_SOCKET_TRUNCATION = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket", "--tls", "1.3"
    };
    private static final String STARTUP = "closenotify: agent ";

    @Test
    void startupLineNamesThePolicyAndTheActiveHooks() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent().run()
                .assertExitedNormally();
        List<String> startup = result.stderrLinesStartingWith(STARTUP);
        assertEquals(1, startup.size(), result.stderr());
        assertTrue(startup.get(0).matches("closenotify: agent \\S+ active, policy=log, hooks: "
                + "SSLSocketImpl\\.handleEOF, SSLEngineImpl\\.closeInbound, SSLFlowDelegate\\$Reader\\.processData"
                // then the library stacks' hooks, each Class.method, a relocated copy with its
                // prefix: SslHandler.channelInactive (io.grpc.netty.shaded)
                + "(, [\\w$]+\\.[\\w$]+( \\([\\w.]+\\))?)*"),
                startup.get(0));
    }

    /**
     * An invalid throw exemption given at start-up is named then, and not again when the first
     * idle truncation consults it (idle.ms=0 makes every exchange idle).
     */
    @Test
    void invalidThrowExemptionIsNamedOnceAndTheDefaultApplies() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent("policy=throw,idle.ms=0")
                .property("closenotify.throw.idle", "yes").run().assertExitedNormally();
        assertEquals(List.of("closenotify: invalid value 'yes' for closenotify.throw.idle "
                + "(expected true|false); using 'true'"),
                result.stderrLinesStartingWith("closenotify: invalid value"), result.stderr());
        DemoLines lines = new DemoLines(result.stdout());
        assertEquals("SSLProtocolException", lines.run("truncate-fin", "socket", "1.3").exception(),
                "the default (true) applies: the idle cut still throws");
        lines.assertCounters(1, 0, 0, 1);
    }

    @Test
    void invalidPolicyIsNamedOnceAndTheDefaultApplies() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent()
                .property("closenotify.policy", "thorw").run().assertExitedNormally();
        assertEquals(List.of("closenotify: invalid value 'thorw' for closenotify.policy "
                + "(expected off|count|log|throw); using 'log'"),
                result.stderrLinesStartingWith("closenotify: invalid value"));
        DemoLines lines = new DemoLines(result.stdout());
        assertEquals("eof", lines.run("truncate-fin", "socket", "1.3").end());
        assertEquals(1, result.stderrLinesStartingWith("closenotify: TLS peer closed").size());
        lines.assertCounters(1, 0, 0, 0);
    }

    @Test
    void unknownKeysAndArgumentsAreReportedAndIgnored() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent("polcy=count,policy=count")
                .property("closenotify.polcy", "throw").run().assertExitedNormally();
        assertTrue(result.stderr().contains("closenotify: unknown agent argument 'polcy' (known: policy,"),
                result.stderr());
        assertTrue(result.stderr().contains("closenotify: unknown property closenotify.polcy (known:"
                + " closenotify.policy,"), result.stderr());
        assertEquals("count", new DemoLines(result.stdout()).policy());
    }

    @Test
    void systemPropertyWinsOverTheAgentArgument() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent("policy=count")
                .property("closenotify.policy", "throw").run().assertExitedNormally();
        DemoLines lines = new DemoLines(result.stdout());
        assertEquals("SSLProtocolException", lines.run("truncate-fin", "socket", "1.3").exception());
        lines.assertCounters(1, 0, 0, 1);
    }

    @Test
    void policyChangesAtRunTimeThroughThePropertyAndTheMBean() {
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.RuntimePolicyChild")
                .agent().run().assertExitedNormally();
        List<String> results = result.stdoutLinesStartingWith("RESULT ");
        assertEquals(3, results.size(), result.toString());
        assertTrue(results.get(0).contains(" end=eof ") && results.get(0).contains(" agent=truncated "),
                results.get(0));
        assertTrue(results.get(1).contains(" exception=SSLProtocolException ")
                && results.get(1).contains(" agent=truncated+thrown "), results.get(1));
        assertTrue(results.get(2).contains(" end=eof ") && results.get(2).contains(" agent=truncated "),
                results.get(2));
        assertTrue(result.stdout().contains("PROPERTY_AFTER_MBEAN count\n"), result.stdout());
        assertTrue(result.stdout().contains("MBEAN_REJECTED IllegalArgumentException: invalid value "
                + "'loud' for Policy (expected off|count|log|throw); policy unchanged"), result.stdout());
        assertTrue(result.stdout().contains("POLICY_AFTER_REJECT count\n"), result.stdout());
        assertTrue(result.stdout().contains(
                "HOOKS SSLSocketImpl.handleEOF=applied, SSLEngineImpl.closeInbound=applied,"
                + " SSLFlowDelegate$Reader.processData=pending, SslHandler.channelInactive=pending,"
                + " SslHandler.channelInactive (io.grpc.netty.shaded)=pending,"
                + " SSLIOSession.decryptData=pending, SSLIOSession.readPlain=pending,"
                + " SslConduit.doUnwrap=pending, SecureNioChannel.read=pending,"
                + " TlsProtocol.safeReadRecord=pending,"
                + " tracking SSLSocketImpl=applied,"
                + " tracking SSLSocketImpl$AppInputStream=applied,"
                + " tracking SSLSocketImpl$AppOutputStream=applied, tracking SSLEngineImpl=applied,"
                + " tracking ReferenceCountedOpenSslEngine=pending,"
                + " tracking ReferenceCountedOpenSslEngine (io.grpc.netty.shaded)=pending,"
                + " tracking org.apache.hc.core5.reactor.ssl.SSLIOSession=pending,"
                + " tracking org.apache.http.nio.reactor.ssl.SSLIOSession=pending,"
                + " tracking SslConduit=pending, tracking SecureNioChannel=pending,"
                + " tracking TlsProtocol=pending\n"),
                result.stdout());
        // Under count (the last phase) nothing is logged: two event lines, not three.
        assertEquals(2, result.stderrLinesStartingWith("closenotify: TLS peer closed").size(),
                result.stderr());
    }

    @Test
    void loadedTwiceActsOnce() {
        ChildJvm.Result result = ChildJvm.demo(ONE_SOCKET_TRUNCATION).agent().agent("policy=count")
                .run().assertExitedNormally();
        assertEquals(1, result.stderrLinesStartingWith(STARTUP).size(), result.stderr());
        assertEquals(List.of("closenotify: the agent is already active in this JVM; this copy does nothing"),
                result.stderrLinesStartingWith("closenotify: the agent is already"));
        new DemoLines(result.stdout()).assertCounters(1, 0, 0, 0);
        assertEquals(1, result.stderrLinesStartingWith("closenotify: TLS peer closed").size());
    }
}
