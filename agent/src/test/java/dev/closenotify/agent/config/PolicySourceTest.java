package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.testing.CapturedStderr;
import java.util.Properties;
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
