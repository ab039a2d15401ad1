package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up options of the harm verdict (issue 11), each in a child JVM of its own since they
 * are read when the agent starts: {@code closenotify.framing=off} (no tracking: every event
 * {@code harm=unknown framing=unknown}, which the default {@code closenotify.throw.harm} throws
 * for) and a non-default {@code closenotify.throw.harm} given at start-up. The library tests
 * (package libs) cover the defaults and the run-time re-read of throw.harm.
 *
 * <p>The child, {@link dev.closenotify.it.child.HarmChild}, has no SLF4J: the event lines go to
 * stderr, with the {@code closenotify:} prefix.
 */
class HarmOptionsIT {

    private static final String LINE = "closenotify: TLS peer closed without close_notify: kind=truncated ";

    private static ChildJvm.Result child(String... properties) {
        ChildJvm child = ChildJvm.testMain("dev.closenotify.it.child.HarmChild",
                "close-delimited", "content-length", "whole").agent();
        for (int i = 0; i < properties.length; i += 2) {
            child.property(properties[i], properties[i + 1]);
        }
        return child.run().assertExitedNormally();
    }

    @Test
    void framingOffMakesEveryVerdictUnknownAndUnknownThrowsByDefault() {
        ChildJvm.Result result = child("closenotify.framing", "off", "closenotify.policy", "throw");
        assertEquals(List.of("CASE close-delimited threw=javax.net.ssl.SSLProtocolException",
                "CASE content-length threw=javax.net.ssl.SSLProtocolException",
                "CASE whole threw=javax.net.ssl.SSLProtocolException"),
                result.stdoutLinesStartingWith("CASE "), result.toString());
        List<String> lines = result.stderrLinesStartingWith(LINE);
        assertEquals(3, lines.size(), result.stderr());
        for (String line : lines) {
            assertTrue(line.contains(" harm=unknown framing=unknown "), line);
        }
        assertEquals(List.of("COUNTERS Truncations=3 SilentTruncations=0 DetectedTruncations=0"
                + " HarmlessTruncations=0 UnknownHarmTruncations=3 Thrown=3"),
                result.stdoutLinesStartingWith("COUNTERS"), result.toString());
    }

    @Test
    void framingOnGivesEachCaseItsVerdict() {
        // The same three cases with the tracker on, under log: the reference for the two others.
        ChildJvm.Result result = child("closenotify.policy", "log");
        assertEquals(List.of("CASE close-delimited read=338", "CASE content-length read=341",
                "CASE whole read=340"), result.stdoutLinesStartingWith("CASE "), result.toString());
        List<String> lines = result.stderrLinesStartingWith(LINE);
        assertEquals(3, lines.size(), result.stderr());
        assertTrue(lines.get(0).contains(" harm=silent framing=close-delimited "), lines.get(0));
        assertTrue(lines.get(1).contains(" harm=detected framing=content-length "), lines.get(1));
        assertTrue(lines.get(2).contains(" harm=none framing=content-length "), lines.get(2));
        assertEquals(List.of("COUNTERS Truncations=3 SilentTruncations=1 DetectedTruncations=1"
                + " HarmlessTruncations=1 UnknownHarmTruncations=0 Thrown=0"),
                result.stdoutLinesStartingWith("COUNTERS"), result.toString());
    }

    @Test
    void throwHarmGivenAtStartUpChoosesWhichVerdictsThrow() {
        ChildJvm.Result result = child("closenotify.policy", "throw", "closenotify.throw.harm", "detected,none");
        assertEquals(List.of("CASE close-delimited read=338",
                "CASE content-length threw=javax.net.ssl.SSLProtocolException",
                "CASE whole threw=javax.net.ssl.SSLProtocolException"),
                result.stdoutLinesStartingWith("CASE "), result.toString());
        assertEquals(List.of("COUNTERS Truncations=3 SilentTruncations=1 DetectedTruncations=1"
                + " HarmlessTruncations=1 UnknownHarmTruncations=0 Thrown=2"),
                result.stdoutLinesStartingWith("COUNTERS"), result.toString());
    }
}
