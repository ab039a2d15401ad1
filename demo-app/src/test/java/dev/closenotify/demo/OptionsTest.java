package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsRunEverythingAsATableWith1000Bytes() throws UsageException {
        Options o = Options.parse();
        assertEquals(Options.Format.TABLE, o.format());
        assertEquals(EnumSet.allOf(Scenario.class), EnumSet.copyOf(o.scenarios()));
        assertEquals(EnumSet.allOf(Transport.class), EnumSet.copyOf(o.transports()));
        assertEquals(EnumSet.allOf(TlsVersion.class), EnumSet.copyOf(o.versions()));
        assertEquals(1000, o.appBytes());
        assertFalse(o.help());
        assertEquals(52, o.combinations().size());
    }

    @Test
    void parsesEveryOptionInBothSpellings() throws UsageException {
        Options o = Options.parse("--format", "lines", "--scenario", "truncate-fin,clean-close",
                "--transport=engine", "--tls", "1.3", "--bytes=42");
        assertEquals(Options.Format.LINES, o.format());
        assertEquals(Set.of(Scenario.TRUNCATE_FIN, Scenario.CLEAN_CLOSE), o.scenarios());
        assertEquals(Set.of(Transport.ENGINE), o.transports());
        assertEquals(Set.of(TlsVersion.TLS_1_3), o.versions());
        assertEquals(42, o.appBytes());
        assertEquals(2, o.combinations().size());
    }

    @Test
    void acceptsJsseProtocolNames() throws UsageException {
        assertEquals(Set.of(TlsVersion.TLS_1_2), Options.parse("--tls", "TLSv1.2").versions());
    }

    @Test
    void help() throws UsageException {
        assertTrue(Options.parse("--help").help());
        assertTrue(Options.usage().contains("--scenario"));
        assertTrue(Options.usage().contains("tls13-half-close"));
    }

    @Test
    void unknownOptionIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse("--format", "lines", "--verbose"));
        assertEquals("unknown option: --verbose", e.getMessage());
        e = assertThrows(UsageException.class, () -> Options.parse("--colour=red"));
        assertEquals("unknown option: --colour", e.getMessage());
    }

    @Test
    void strayArgumentIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse("truncate-fin"));
        assertEquals("unexpected argument: truncate-fin", e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        assertMessage("option --format needs a value", "--format");
        assertMessage("option --tls needs a value", "--tls", "--format", "lines");
        assertMessage("invalid value for --format: 'json' (expected table or lines)", "--format", "json");
        assertMessage("invalid value for --tls: unknown TLS version '1.1' (expected 1.2 or 1.3)", "--tls", "1.2,1.1");
        assertMessage("invalid value for --transport: unknown transport 'netty' (expected socket or engine)",
                "--transport", "netty");
        assertMessage("option --scenario needs at least one value", "--scenario", ",");
        assertMessage("invalid value for --bytes: '-1' (expected 0.." + Options.MAX_APP_BYTES + ")", "--bytes", "-1");
        assertMessage("invalid value for --bytes: 'lots' (expected 0.." + Options.MAX_APP_BYTES + ")", "--bytes", "lots");
        UsageException e = assertThrows(UsageException.class, () -> Options.parse("--scenario", "truncate"));
        assertTrue(e.getMessage().startsWith("invalid value for --scenario: unknown scenario 'truncate'"),
                e.getMessage());
    }

    private static void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse(args));
        assertEquals(expected, e.getMessage());
    }
}
