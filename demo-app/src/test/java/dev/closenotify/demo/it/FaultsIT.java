package dev.closenotify.demo.it;

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
}
