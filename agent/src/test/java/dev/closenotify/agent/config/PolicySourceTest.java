package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.testing.CapturedStderr;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySourceTest {

    private final Properties system = new Properties();
    private final PolicySource source = new PolicySource(Policy.COUNT, system);

    @Test
    void usesStartPolicyUntilThePropertyIsSet() {
        assertEquals(Policy.COUNT, source.current());
        system.setProperty("closenotify.policy", "throw");
        assertEquals(Policy.THROW, source.current());
        system.remove("closenotify.policy");
        assertEquals(Policy.COUNT, source.current());
    }

    @Test
    void setWritesThePropertySoTheTwoNeverDisagree() {
        source.set("log");
        assertEquals("log", system.getProperty("closenotify.policy"));
        assertEquals(Policy.LOG, source.current());
    }

    @Test
    void setRejectsInvalidValuesAndKeepsThePolicy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> source.set("loud"));
        assertTrue(e.getMessage().contains("'loud'"), e.getMessage());
        assertEquals(Policy.COUNT, source.current());
    }

    @Test
    void throwExemptionsAreReadAtEachEventWithStartUpDefaults() {
        assertTrue(source.throwsFor(null, false, false), "no exemption (mid-stream): always throws");
        assertTrue(source.throwsFor(Exemption.IDLE, true, true));
        assertTrue(!source.throwsFor(Exemption.IDLE, false, true));
        assertTrue(!source.throwsFor(Exemption.AWAITING, true, false));
        system.setProperty("closenotify.throw.awaiting", "false");
        assertTrue(!source.throwsFor(Exemption.AWAITING, true, true), "set at run time");
        system.setProperty("closenotify.throw.idle", "false");
        assertTrue(!source.throwsFor(Exemption.IDLE, true, true));
        system.setProperty("closenotify.throw.idle", "nope");
        try (CapturedStderr err = new CapturedStderr()) {
            assertTrue(source.throwsFor(Exemption.IDLE, true, true), "invalid: the start-up value");
            assertTrue(err.text().contains("invalid value 'nope' for closenotify.throw.idle"), err.text());
        }
    }

    @Test
    void throwHarmUsesTheStartSetUntilThePropertyIsSet() {
        Set<Harm> start = EnumSet.of(Harm.SILENT, Harm.UNKNOWN);
        assertEquals(EnumSet.of(Harm.SILENT, Harm.UNKNOWN), throwing(source, start));
        system.setProperty("closenotify.throw.harm", " detected ; none,detected ");
        assertEquals(EnumSet.of(Harm.NONE, Harm.DETECTED), throwing(source, start), "set at run time");
        system.remove("closenotify.throw.harm");
        assertEquals(EnumSet.of(Harm.SILENT, Harm.UNKNOWN), throwing(source, start));
        assertEquals(EnumSet.of(Harm.DETECTED), throwing(source, EnumSet.of(Harm.DETECTED)));
    }

    @Test
    void aMissingVerdictCountsAsUnknown() {
        assertTrue(source.throwsForHarm(null, EnumSet.of(Harm.UNKNOWN)));
        assertTrue(!source.throwsForHarm(null, EnumSet.of(Harm.SILENT)));
    }

    @Test
    void invalidRuntimeThrowHarmIsSaidOncePerValueAndFallsBackToTheStartSet() {
        Set<Harm> start = EnumSet.of(Harm.SILENT);
        try (CapturedStderr err = new CapturedStderr()) {
            system.setProperty("closenotify.throw.harm", "silent,harmless-runtime");
            assertEquals(EnumSet.of(Harm.SILENT), throwing(source, start));
            assertEquals(EnumSet.of(Harm.SILENT), throwing(source, start));
            system.setProperty("closenotify.throw.harm", "");
            assertEquals(EnumSet.of(Harm.SILENT), throwing(source, start));
            assertEquals("closenotify: invalid value 'silent,harmless-runtime' for"
                    + " closenotify.throw.harm (expected one or more of none,detected,silent,unknown,"
                    + " separated by ',' or ';'); using 'silent'" + System.lineSeparator()
                    + "closenotify: invalid value '' for closenotify.throw.harm (expected one or more"
                    + " of none,detected,silent,unknown, separated by ',' or ';'); using 'silent'"
                    + System.lineSeparator(), err.text());
        }
    }

    @Test
    void invalidThrowHarmAlreadyReportedAtStartUpIsNotRepeated() {
        Properties startedWith = new Properties();
        startedWith.setProperty("closenotify.throw.harm", "silent;loud");
        PolicySource started = new PolicySource(Policy.THROW, startedWith);
        Set<Harm> start = EnumSet.of(Harm.SILENT, Harm.UNKNOWN);
        try (CapturedStderr err = new CapturedStderr()) {
            assertEquals(start, throwing(started, start), "the start-up fallback");
            assertEquals("", err.text());
            startedWith.setProperty("closenotify.throw.harm", "none;louder"); // new since start-up
            assertEquals(start, throwing(started, start));
            assertTrue(err.text().contains("invalid value 'none;louder' for closenotify.throw.harm"),
                    err.text());
        }
    }

    /** The verdicts for which {@code throwsForHarm} says yes, asked one by one. */
    private static Set<Harm> throwing(PolicySource source, Set<Harm> start) {
        Set<Harm> throwing = EnumSet.noneOf(Harm.class);
        for (Harm harm : Harm.values()) {
            if (source.throwsForHarm(harm, start)) {
                throwing.add(harm);
            }
        }
        return throwing;
    }

    @Test
    void invalidValueAlreadyReportedAtStartUpIsNotRepeated() {
        Properties startedWith = new Properties();
        startedWith.setProperty("closenotify.policy", "thorw");
        PolicySource started = new PolicySource(Policy.LOG, startedWith);
        try (CapturedStderr err = new CapturedStderr()) {
            assertEquals(Policy.LOG, started.current());
            assertEquals("", err.text());
        }
    }

    @Test
    void invalidExemptionAlreadyReportedAtStartUpIsNotRepeated() {
        Properties startedWith = new Properties();
        startedWith.setProperty("closenotify.throw.idle", "yes");
        startedWith.setProperty("closenotify.throw.awaiting", "no");
        PolicySource started = new PolicySource(Policy.THROW, startedWith);
        try (CapturedStderr err = new CapturedStderr()) {
            assertTrue(!started.throwsFor(Exemption.IDLE, false, true), "the start-up fallback");
            assertTrue(started.throwsFor(Exemption.AWAITING, true, true));
            assertEquals("", err.text());
            startedWith.setProperty("closenotify.throw.idle", "nein"); // new since start-up
            assertTrue(!started.throwsFor(Exemption.IDLE, false, true));
            assertTrue(err.text().contains("invalid value 'nein' for closenotify.throw.idle"),
                    err.text());
        }
    }

    @Test
    void invalidRuntimeValueIsSaidOnceAndFallsBack() {
        system.setProperty("closenotify.policy", "bogus-runtime-value");
        try (CapturedStderr err = new CapturedStderr()) {
            assertEquals(Policy.COUNT, source.current());
            assertEquals(Policy.COUNT, source.current());
            String text = err.text();
            assertEquals(1, text.split("bogus-runtime-value", -1).length - 1, text);
            assertTrue(text.contains("using 'count'"), text);
        }
    }
}
