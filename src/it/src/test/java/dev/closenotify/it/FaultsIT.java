package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around the agent: a logger that throws or never returns, a broken SLF4J provider, a JMX
 * name someone else holds, a report directory that disappears, JFR absent or disabled, a second
 * load through the attach API. Each gives at most one clear message; the application runs on and
 * detection keeps working wherever it can.
 */
class FaultsIT {

    private static final String[] ONE_EACH = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket,engine", "--tls", "1.3"
    };
    private static final String EVENT = "closenotify: TLS peer closed without close_notify: kind=truncated ";

    @TempDir
    Path temp;

    private static String config(String name) {
        return Paths.get(System.getProperty("it.test.classes"), "it", name).toString();
    }

    @Test
    void aLoggerThatThrowsIsNamedOnceAndLinesGoToStderr() {
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).withSlf4jAndLogback()
                .classPathEntry(System.getProperty("it.test.classes")).agent()
                .property("logback.configurationFile", config("logback-throwing.xml"))
                .run().assertExitedNormally();
        assertEquals(List.of("closenotify: the application's SLF4J logger failed (java.lang."
                + "IllegalStateException: appender failure staged by the test); event lines go to"
                + " stderr instead"), agentMessagesOtherThanEvents(result), result.stderr());
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    @Test
    void aBrokenSlf4jProviderIsNamedOnceAndLinesGoToStderr() throws IOException {
        Path services = temp.resolve("provider/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("org.slf4j.spi.SLF4JServiceProvider"),
                "dev.closenotify.it.faults.BrokenSlf4jProvider\n");
        String apiOnly = System.getProperty("it.slf4j.jars").split(File.pathSeparator)[0];
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).classPathEntry(apiOnly)
                .classPathEntry(System.getProperty("it.test.classes"))
                .classPathEntry(temp.resolve("provider").toString()).agent()
                .run().assertExitedNormally();
        // SLF4J says its own piece ("Failed to instantiate SLF4J LoggerFactory"); the agent one line.
        assertTrue(result.stderr().contains("provider initialization failure staged by the test"),
                result.stderr());
        assertEquals(List.of("closenotify: the application's SLF4J could not be used (java.lang."
                + "IllegalStateException: Unexpected initialization failure, caused by java.lang."
                + "IllegalStateException: provider initialization failure staged by the test); event"
                + " lines go to stderr instead"), agentMessagesOtherThanEvents(result), result.stderr());
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    /**
     * A logger that never returns: reading threads never wait for it (they only queue lines), the
     * JVM still exits after the bounded wait, and the agent says how many lines it could not write.
     */
    @Test
    void aLoggerThatNeverReturnsBlocksNeitherReadsNorExit() {
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).withSlf4jAndLogback()
                .classPathEntry(System.getProperty("it.test.classes")).agent()
                .property("logback.configurationFile", config("logback-blocking.xml"))
                .run().assertExitedNormally();
        assertEquals(1, result.stderrLinesStartingWith("BLOCKING_APPENDER_ENTERED").size(),
                "the logger really was reached and blocked:\n" + result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
        assertEquals(List.of("closenotify: 2 event log lines were not written: the application's"
                + " logger did not return within 2000 ms at exit; every event is still counted"
                + " (MBean, report, JFR)"), agentMessagesOtherThanEvents(result), result.stderr());
    }

    @Test
    void aTakenMBeanNameIsNamedOnceAndDetectionGoesOn() throws IOException {
        Path squatter = squatterJar();
        Path report = temp.resolve("report.json");
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.FaultChild", "await-jmx")
                .jvmArg("-javaagent:" + squatter).agent()
                .property("closenotify.report", report.toString())
                .run().assertExitedNormally();
        assertEquals(List.of("closenotify: the MBean name closenotify:type=Agent is already taken;"
                + " counters are not exposed over JMX, detection goes on"),
                agentMessagesOtherThanEvents(result), result.stderr());
        // The other MBean is left alone, and detection, logging and the report still work.
        assertTrue(result.stdout().contains("MBEAN_OWNER squatter\n"), result.stdout());
        assertEquals(List.of("PLAYED socket bytes=1000 end=-1", "PLAYED engine bytes=1000 end=SSLException"),
                result.stdoutLinesStartingWith("PLAYED "));
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        assertTrue(Files.readString(report).contains("\"counts\": {\"truncated\": 2,"), report.toString());
    }

    @Test
    void aReportDirectoryThatDisappearsIsNamedAtExit() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("vanishing"));
        Path report = dir.resolve("report.json");
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.FaultChild", "delete=" + dir)
                .agent().property("closenotify.report", report.toString())
                .run().assertExitedNormally();
        assertTrue(result.stdout().contains("DELETED true\n"), result.stdout());
        List<String> messages = agentMessagesOtherThanEvents(result);
        assertEquals(1, messages.size(), result.stderr());
        assertTrue(messages.get(0).startsWith("closenotify: could not write the report to " + report
                + " (java.nio.file.NoSuchFileException: " + dir + "/"), messages.get(0));
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
    }

    /** A runtime without the jdk.jfr module: one message at the first event, all else works. */
    @Test
    void withoutTheJfrModuleDetectionGoesOn() {
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).agent()
                .jvmArg("--limit-modules")
                .jvmArg("java.base,java.instrument,java.management,jdk.crypto.ec")
                .run().assertExitedNormally();
        List<String> messages = agentMessagesOtherThanEvents(result);
        assertEquals(List.of("closenotify: JFR events are unavailable (java.lang.NoClassDefFoundError:"
                + " jdk/jfr/Event, caused by java.lang.ClassNotFoundException: jdk.jfr.Event);"
                + " closenotify.jfr is off from now on, detection goes on"),
                messages.stream().filter(m -> m.contains("JFR")).collect(Collectors.toList()),
                result.stderr());
        // Nothing else: java.net.http is outside the limited module graph too, but a hook is
        // only judged when its class loads, and that class never can here.
        assertEquals(1, messages.size(), result.stderr());
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    /** JFR switched off in the VM: events are simply not recorded; nothing to say, nothing breaks. */
    @Test
    void withFlightRecorderDisabledDetectionGoesOn() {
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).agent().jvmArg("-XX:-FlightRecorder")
                .run().assertExitedNormally();
        assertEquals(List.of(), agentMessagesOtherThanEvents(result), result.stderr());
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    /**
     * The JVM does not verify JDK classes by default, so a malformed rewrite of one could go
     * unnoticed until it misbehaves. With verification of boot classes switched on, the woven
     * SSLSocketImpl (patched in place), its streams and SSLEngineImpl (through ASM) must load,
     * pass the verifier and detect as usual.
     */
    @Test
    void wovenJdkClassesPassTheBytecodeVerifier() {
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).agent()
                .jvmArg("-XX:+UnlockDiagnosticVMOptions").jvmArg("-XX:+BytecodeVerificationLocal")
                .run().assertExitedNormally();
        assertEquals(List.of(), agentMessagesOtherThanEvents(result), result.stderr());
        assertEquals(2, result.stderrLinesStartingWith(EVENT).size(), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    /**
     * Another agent used TLS in its premain, before this one's: the JSSE classes are loaded
     * without the hooks. The housekeeping thread finds and retransforms them (hooks only: a
     * loaded class cannot gain the tracking fields), so both truncations are still seen.
     */
    @Test
    void jsseClassesLoadedBeforeThePremainAreHookedByRetransformation() throws IOException {
        Path early = testAgentJar("EarlyTlsAgent");
        ChildJvm.Result result = ChildJvm.demo(ONE_EACH).jvmArg("-javaagent:" + early).agent()
                .run().assertExitedNormally();
        assertEquals(List.of(), agentMessagesOtherThanEvents(result), result.stderr());
        List<String> events = result.stderrLinesStartingWith(EVENT);
        assertEquals(2, events.size(), result.stderr());
        assertTrue(events.stream().allMatch(l -> l.contains("exchange=unknown ")), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
        assertApplicationViewUnchanged(result);
    }

    // ---------------------------------------------------------------------------------------

    /** The agent's stderr lines except its start-up line and the event lines themselves. */
    private static List<String> agentMessagesOtherThanEvents(ChildJvm.Result result) {
        return result.stderrLinesStartingWith("closenotify: ").stream()
                .filter(l -> !l.startsWith("closenotify: agent ") && !l.startsWith(EVENT))
                .collect(Collectors.toList());
    }

    /** Socket: the JDK's clean -1 with all bytes; engine: the JDK's own closeInbound exception. */
    private static void assertApplicationViewUnchanged(ChildJvm.Result result) {
        DemoLines lines = new DemoLines(result.stdout());
        assertEquals("1000 eof - -", lines.run("truncate-fin", "socket", "1.3").appView());
        assertEquals("1000 exception SSLException closing inbound before receiving peer's close_notify",
                lines.run("truncate-fin", "engine", "1.3").appView());
    }

    /** A jar with the squatter agent's classes and a Premain-Class manifest, built now. */
    private Path squatterJar() throws IOException {
        return testAgentJar("NameSquatterAgent");
    }

    /** A jar with one test agent of dev.closenotify.it.faults (and its nested classes). */
    private Path testAgentJar(String simpleName) throws IOException {
        Path classes = Paths.get(System.getProperty("it.test.classes"));
        Path jar = temp.resolve(simpleName + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"),
                "dev.closenotify.it.faults." + simpleName);
        Path dir = classes.resolve("dev/closenotify/it/faults");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.list(dir)) {
            for (Path c : files.filter(p -> p.getFileName().toString().startsWith(simpleName))
                    .collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}
