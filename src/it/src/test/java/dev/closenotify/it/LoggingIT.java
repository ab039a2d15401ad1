package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log line goes through the application's own SLF4J set-up (pattern and levels honoured),
 * also when SLF4J lives in a nested class loader; without a provider it goes to stderr.
 */
class LoggingIT {

    private static final String[] ONE_TRUNCATION = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket,engine", "--tls", "1.3"
    };
    private static final String TRUNCATED_PREFIX = "TLS peer closed without close_notify: kind=truncated ";
    private static final String LOGBACK_LINE =
            "LOGBACK|WARN|closenotify|TLS peer closed without close_notify: kind=truncated ";

    private static String config(String name) {
        return Paths.get(System.getProperty("it.test.classes"), "it", name).toString();
    }

    @Test
    void lineComesOutThroughLogbackWithItsPattern() {
        ChildJvm.Result result = ChildJvm.demo(ONE_TRUNCATION).withSlf4jAndLogback().agent()
                .property("logback.configurationFile", config("logback-pattern.xml"))
                .run().assertExitedNormally();
        List<String> lines = result.stdoutLinesStartingWith(LOGBACK_LINE);
        assertEquals(2, lines.size(), result.toString());
        assertTrue(lines.get(0).contains("transport=socket"), lines.get(0));
        assertTrue(lines.get(1).contains("transport=engine"), lines.get(1));
        assertEquals(List.of(), result.stderrLinesStartingWith("closenotify: TLS peer"), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
    }

    @Test
    void closenotifyLoggerAtErrorSilencesTheLineButNotTheCounters() {
        ChildJvm.Result result = ChildJvm.demo(ONE_TRUNCATION).withSlf4jAndLogback().agent()
                .property("logback.configurationFile", config("logback-closenotify-error.xml"))
                .run().assertExitedNormally();
        assertEquals(List.of(), result.stdoutLinesStartingWith("LOGBACK|"), result.toString());
        assertTrue(!result.stderr().contains("TLS peer closed"), result.stderr());
        new DemoLines(result.stdout()).assertCounters(2, 0, 0, 0);
    }

    /**
     * The level follows the harm verdict (issue 11): WARN for a truncation that cut or may have cut
     * a message, INFO for a harmless one, so a closenotify logger at WARN keeps the first and drops
     * the second while the counters still count all three.
     */
    @Test
    void harmlessTruncationsAreInfoAndTheOthersWarn() {
        String[] cases = {"close-delimited", "content-length", "whole"};
        ChildJvm.Result info = ChildJvm.testMain("dev.closenotify.it.child.HarmChild", cases).withSlf4jAndLogback()
                .agent().property("logback.configurationFile", config("logback-pattern.xml"))
                .run().assertExitedNormally();
        List<String> lines = info.stdoutLinesStartingWith("LOGBACK|");
        assertEquals(3, lines.size(), info.toString());
        assertTrue(lines.get(0).startsWith("LOGBACK|WARN|closenotify|" + TRUNCATED_PREFIX
                + "exchange=mid-stream harm=silent framing=close-delimited "), lines.get(0));
        assertTrue(lines.get(1).startsWith("LOGBACK|WARN|closenotify|" + TRUNCATED_PREFIX
                + "exchange=mid-stream harm=detected framing=content-length "), lines.get(1));
        assertTrue(lines.get(2).startsWith("LOGBACK|INFO|closenotify|" + TRUNCATED_PREFIX
                + "exchange=mid-stream harm=none framing=content-length "), lines.get(2));

        ChildJvm.Result warn = ChildJvm.testMain("dev.closenotify.it.child.HarmChild", cases).withSlf4jAndLogback()
                .agent().property("logback.configurationFile", config("logback-closenotify-warn.xml"))
                .run().assertExitedNormally();
        List<String> kept = warn.stdoutLinesStartingWith("LOGBACK|");
        assertEquals(2, kept.size(), warn.toString());
        assertTrue(kept.get(0).contains(" harm=silent "), kept.get(0));
        assertTrue(kept.get(1).contains(" harm=detected "), kept.get(1));
        assertEquals(List.of("COUNTERS Truncations=3 SilentTruncations=1 DetectedTruncations=1"
                + " HarmlessTruncations=1 UnknownHarmTruncations=0 Thrown=0"),
                warn.stdoutLinesStartingWith("COUNTERS"), warn.toString());
        assertEquals(List.of(), warn.stderrLinesStartingWith("closenotify: TLS peer"), warn.stderr());
    }

    @Test
    void slf4jInANestedLoaderIsFoundThroughTheContextClassLoader() {
        String[] args = new String[ONE_TRUNCATION.length + 1];
        args[0] = System.getProperty("it.slf4j.jars");
        System.arraycopy(ONE_TRUNCATION, 0, args, 1, ONE_TRUNCATION.length);
        ChildJvm.Result result = ChildJvm.testMain("dev.closenotify.it.child.NestedLoaderChild", args)
                .agent().property("logback.configurationFile", config("logback-pattern.xml"))
                .run().assertExitedNormally();
        assertTrue(result.stdout().contains("SYSTEM_LOADER_SEES_SLF4J false"), result.toString());
        assertEquals(2, result.stdoutLinesStartingWith(LOGBACK_LINE).size(), result.toString());
        assertEquals(List.of(), result.stderrLinesStartingWith("closenotify: TLS peer"), result.stderr());
    }

    @Test
    void withoutAnyProviderTheLineGoesToStderr() {
        // slf4j-api alone: SLF4J falls back to its no-op logger, which would swallow the line.
        String apiOnly = System.getProperty("it.slf4j.jars").split(java.io.File.pathSeparator)[0];
        assertTrue(apiOnly.contains("slf4j-api"), apiOnly);
        ChildJvm.Result result = ChildJvm.demo(ONE_TRUNCATION).agent().run().assertExitedNormally();
        assertEquals(2, result.stderrLinesStartingWith(
                "closenotify: TLS peer closed without close_notify: kind=truncated ").size(),
                result.stderr());
        ChildJvm apiOnlyChild = ChildJvm.demo(ONE_TRUNCATION).agent();
        ChildJvm.Result withApi = apiOnlyChild.classPathEntry(apiOnly).run().assertExitedNormally();
        assertEquals(2, withApi.stderrLinesStartingWith(
                "closenotify: TLS peer closed without close_notify: kind=truncated ").size(),
                withApi.stderr());
    }
}
