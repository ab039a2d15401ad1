package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    private static final String SITE = "com.acme.Fetch.body(Fetch.java:12)";

    private final Counters counters = new Counters();
    private final EventStats stats = new EventStats();
    private final ReportWriter writer = new ReportWriter(counters, stats, new Supplier<String>() {
        @Override
        public String get() {
            return "throw";
        }
    });

    /** What the handler does with an event that is not excluded. */
    private void handle(Kind kind, Harm harm, String host, String callSite) {
        TruncationEvent event = new TruncationEvent(kind, Transport.SOCKET, "jsse-socket", "client", host, null,
                443, -1, "TLSv1.3", null, false, Exchange.MID_STREAM, harm, Framing.UNKNOWN, 1, 1,
                1, 1, callSite);
        counters.record(event.kind(), event.exchange(), event.harm());
        stats.record(event);
    }

    private void someEvents() {
        for (int i = 0; i < 3; i++) {
            handle(Kind.TRUNCATED, Harm.SILENT, "a.test", SITE);
        }
        handle(Kind.TRUNCATED, Harm.SILENT, "b.test", null);
        handle(Kind.TRUNCATED, Harm.DETECTED, "a.test", "com.acme.Other.read(Other.java:3)");
        handle(Kind.TRUNCATED, Harm.DETECTED, "c.test", null);
        handle(Kind.TRUNCATED, Harm.NONE, "c.test", null);
        // A silent verdict on another kind is counted by kind and harm, but is no silent truncation.
        handle(Kind.HANDSHAKE_EOF, Harm.SILENT, "d.test", SITE);
    }

    @Test
    void countsByKindAndHarm() {
        someEvents();
        assertTrue(writer.json().contains("\n  \"byKindAndHarm\": {"
                + "\"truncated\": {\"none\": 1, \"detected\": 2, \"silent\": 4, \"unknown\": 0}, "
                + "\"handshake-eof\": {\"none\": 0, \"detected\": 0, \"silent\": 1, \"unknown\": 0}, "
                + "\"after-local-close\": {\"none\": 0, \"detected\": 0, \"silent\": 0, \"unknown\": 0}"
                + "},\n"), writer.json());
    }

    @Test
    void silentTruncationsHaveTheirOwnTopTablesAndTheOldOnesAreUnchanged() {
        someEvents();
        String json = writer.json();
        assertTrue(json.contains("\n  \"silentTopPeers\": {\"entries\": [\n"
                + "    {\"peer\": \"a.test:443\", \"count\": 3},\n"
                + "    {\"peer\": \"b.test:443\", \"count\": 1}\n"
                + "  ], \"distinct\": 2, \"other\": 0},\n"
                + "  \"silentTopCallSites\": {\"entries\": [\n"
                + "    {\"callSite\": \"" + SITE + "\", \"count\": 3}\n"
                + "  ], \"distinct\": 1, \"other\": 0}\n}\n"), json);
        assertTrue(json.contains("\n  \"topPeers\": {\"entries\": [\n"
                + "    {\"peer\": \"a.test:443\", \"count\": 4},\n"
                + "    {\"peer\": \"c.test:443\", \"count\": 2},\n"
                + "    {\"peer\": \"b.test:443\", \"count\": 1},\n"
                + "    {\"peer\": \"d.test:443\", \"count\": 1}\n"
                + "  ], \"distinct\": 4, \"other\": 0},\n"), json);
        assertTrue(json.contains("\n  \"topCallSites\": {\"entries\": [\n"
                + "    {\"callSite\": \"" + SITE + "\", \"count\": 4},\n"
                + "    {\"callSite\": \"com.acme.Other.read(Other.java:3)\", \"count\": 1}\n"
                + "  ], \"distinct\": 2, \"other\": 0},\n"), json);
        assertTrue(json.contains("\n  \"counts\": {\"truncated\": 7, \"handshake-eof\": 1,"
                + " \"after-local-close\": 0, \"excluded\": 0, \"thrown\": 0},\n"), json);
    }

    @Test
    void keysComeInTheDocumentedOrderWithTheNewOnesAdded() {
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("(?m)^  \"([A-Za-z-]+)\": ").matcher(writer.json());
        while (key.find()) {
            keys.add(key.group(1));
        }
        assertEquals(List.of("generatedAt", "policy", "counts", "byKindAndExchange", "byKindAndHarm",
                "topPeers", "topCallSites", "silentTopPeers", "silentTopCallSites"), keys);
        assertTrue(writer.json().contains("\n  \"silentTopPeers\": {\"entries\": [],"
                + " \"distinct\": 0, \"other\": 0},\n"), writer.json());
    }

    /** A flood of harmless cuts from many peers must not push the silent ones into "other". */
    @Test
    void theSilentTablesAreBoundedOnTheirOwn() {
        for (int i = 0; i < EventStats.TABLE_CAPACITY + 10; i++) {
            handle(Kind.TRUNCATED, Harm.NONE, "h" + i + ".test", "site" + i);
        }
        handle(Kind.TRUNCATED, Harm.SILENT, "evil.test", SITE);
        assertEquals(11, stats.peers().other());
        assertEquals(List.of(Map.entry("evil.test:443", 1L)), stats.silentPeers().top(5));
        assertEquals(List.of(Map.entry(SITE, 1L)), stats.silentCallSites().top(5));
        assertEquals(0, stats.silentPeers().other());
    }
}
