package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioMatrixTest {

    @Test
    void idsAreUniqueLowerKebabCaseAndRoundTrip() {
        Set<String> seen = new HashSet<>();
        for (Scenario s : Scenario.values()) {
            assertTrue(s.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), s.id());
            assertTrue(seen.add(s.id()), "duplicate id " + s.id());
            assertEquals(s, Scenario.fromId(s.id()));
        }
        assertEquals(List.of("clean-close", "close-notify-with-fin", "truncate-fin", "truncate-mid-record",
                "truncate-rst", "handshake-eof", "local-close-first", "layered-close", "tls13-half-close",
                "http-length-complete", "http-length-cut", "http-chunked-cut", "http-close-delimited-cut",
                "http10-cut"),
                Arrays.stream(Scenario.values()).map(Scenario::id).toList());
    }

    @Test
    void unknownIdIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.fromId("truncate"));
        assertTrue(e.getMessage().contains("'truncate'"), e.getMessage());
        assertTrue(e.getMessage().contains("truncate-fin"), e.getMessage());
    }

    @Test
    void layeredCloseSharesThePeerBehaviourOfLocalCloseFirst() {
        assertEquals(PeerBehaviour.LOCAL_CLOSE_FIRST, Scenario.LAYERED_CLOSE.behaviour());
        assertEquals(PeerBehaviour.LOCAL_CLOSE_FIRST, Scenario.LOCAL_CLOSE_FIRST.behaviour());
    }

    @Test
    void fullMatrixHasEveryApplicableCombinationInDeclarationOrder() {
        List<Combination> all = Combination.matrix(EnumSet.allOf(Scenario.class), EnumSet.allOf(Transport.class),
                EnumSet.allOf(TlsVersion.class));
        // 7 close scenarios and 5 HTTP ones x 2 transports x 2 versions, layered-close socket only,
        // tls13-half-close 1.3 only.
        assertEquals(7 * 4 + 2 + 2 + 5 * 4, all.size());
        assertEquals(new Combination(Scenario.CLEAN_CLOSE, Transport.SOCKET, TlsVersion.TLS_1_2), all.get(0));
        assertEquals(new Combination(Scenario.CLEAN_CLOSE, Transport.SOCKET, TlsVersion.TLS_1_3), all.get(1));
        assertEquals(new Combination(Scenario.CLEAN_CLOSE, Transport.ENGINE, TlsVersion.TLS_1_2), all.get(2));
        assertEquals(new Combination(Scenario.HTTP10_CUT, Transport.ENGINE, TlsVersion.TLS_1_3),
                all.get(all.size() - 1));
        assertEquals(all.size(), new HashSet<>(all).size());
    }

    @Test
    void exactlyTheHttpScenariosSpeakHttpAndTheirPeersAnswerIt() {
        for (Scenario s : Scenario.values()) {
            boolean http = s.id().startsWith("http");
            assertEquals(http, s.http() != Scenario.Http.NONE, s.id());
            assertEquals(http, s.behaviour().http(), s.id());
        }
        assertEquals("HTTP/1.0", Scenario.HTTP10_CUT.http().version());
        assertEquals("HTTP/1.1", Scenario.HTTP_CLOSE_DELIMITED_CUT.http().version());
    }

    @Test
    void layeredCloseIsSocketOnlyAndHalfCloseIsTls13Only() {
        for (TlsVersion v : TlsVersion.values()) {
            assertTrue(Scenario.LAYERED_CLOSE.appliesTo(Transport.SOCKET, v));
            assertFalse(Scenario.LAYERED_CLOSE.appliesTo(Transport.ENGINE, v));
        }
        for (Transport t : Transport.values()) {
            assertTrue(Scenario.TLS13_HALF_CLOSE.appliesTo(t, TlsVersion.TLS_1_3));
            assertFalse(Scenario.TLS13_HALF_CLOSE.appliesTo(t, TlsVersion.TLS_1_2));
        }
        assertTrue(Combination.matrix(Set.of(Scenario.TLS13_HALF_CLOSE), EnumSet.allOf(Transport.class),
                Set.of(TlsVersion.TLS_1_2)).isEmpty());
    }

    @Test
    void orderDoesNotDependOnTheOrderTheUserListedThingsIn() {
        List<Combination> runs = Combination.matrix(List.of(Scenario.TRUNCATE_FIN, Scenario.CLEAN_CLOSE),
                List.of(Transport.ENGINE), List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2));
        assertEquals(List.of(
                new Combination(Scenario.CLEAN_CLOSE, Transport.ENGINE, TlsVersion.TLS_1_2),
                new Combination(Scenario.CLEAN_CLOSE, Transport.ENGINE, TlsVersion.TLS_1_3),
                new Combination(Scenario.TRUNCATE_FIN, Transport.ENGINE, TlsVersion.TLS_1_2),
                new Combination(Scenario.TRUNCATE_FIN, Transport.ENGINE, TlsVersion.TLS_1_3)), runs);
    }
}
