package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerPatternTest {

    private static PeerPattern p(String text) throws Exception {
        return PeerPattern.parse(text);
    }

    @Test
    void hostGlobMatchesTheNameAsTheApplicationUsedIt() throws Exception {
        PeerPattern glob = p("*.Example.com");
        assertTrue(glob.matches("api.example.com", "192.0.2.1", 443));
        assertTrue(glob.matches("a.b.EXAMPLE.com", null, 1));
        assertFalse(glob.matches("example.com", null, 443));
        assertFalse(glob.matches(null, "192.0.2.1", 443));
        assertTrue(p("localhost").matches("localhost", "127.0.0.1", 8443));
    }

    @Test
    void ipv4AndCidr() throws Exception {
        assertTrue(p("10.0.0.0/8").matches("svc", "10.200.3.4", 1));
        assertFalse(p("10.0.0.0/8").matches("svc", "11.0.0.1", 1));
        assertTrue(p("192.168.1.7").matches(null, "192.168.1.7", 1));
        assertTrue(p("172.16.0.0/12").matches("172.31.255.255", null, 1));
        assertFalse(p("172.16.0.0/12").matches("172.32.0.0", null, 1));
        assertTrue(p("0.0.0.0/0").matches(null, "8.8.8.8", 1));
    }

    @Test
    void ipv6AndCidr() throws Exception {
        assertTrue(p("fd00::/8").matches(null, "fd12:3456::1", 1));
        assertFalse(p("fd00::/8").matches(null, "fe80::1", 1));
        assertTrue(p("::1").matches(null, "0:0:0:0:0:0:0:1", 1));
        assertTrue(p("[::1]:8443").matches("[::1]", null, 8443));
        assertFalse(p("[::1]:8443").matches(null, "::1", 443));
        assertFalse(p("::1").matches(null, "127.0.0.1", 1));
    }

    @Test
    void portsNarrowTheMatch() throws Exception {
        assertTrue(p("10.0.0.0/8:443").matches(null, "10.1.1.1", 443));
        assertFalse(p("10.0.0.0/8:443").matches(null, "10.1.1.1", 8443));
        assertTrue(p("*.internal:5432").matches("db.internal", null, 5432));
        assertTrue(p("[fd00::/8]:443").matches(null, "fd00::5", 443));
    }

    @Test
    void namesAreNeverResolved() throws Exception {
        // A name that does not exist: a resolver would fail or hang; matching must not care.
        PeerPattern ip = p("10.0.0.0/8");
        assertFalse(ip.matches("no-such-host.invalid", null, 1));
    }

    /**
     * Text made only of IPv6 literal characters but not starting like a literal (a leading '.')
     * is a host name to {@code InetAddress.getByName}, which then asks the name service: a DNS
     * query from a parser, and from {@link PeerPattern#matches} on the reading thread. Every
     * name lookup passes through InetAddress's cache, so a key there means a lookup happened.
     */
    @Test
    void literalLookingTextNeverReachesTheNameService() throws Exception {
        Set<String> before = lookupCacheKeys();
        for (String text : List.of(".::1", ".1:2", "..:", ".:a/8", "[.::1]:443")) {
            try {
                PeerPattern.parse(text);
            } catch (PeerPattern.InvalidPatternException expected) {
                // Rejecting it is fine; looking it up is not.
            }
        }
        PeerPattern cidr = p("10.0.0.0/8");
        assertFalse(cidr.matches(".a:b", null, 1));
        assertFalse(cidr.matches("[.::1]", ".::2", 1));
        Set<String> after = lookupCacheKeys();
        after.removeAll(before);
        assertEquals(Set.of(), after, "host names looked up");
    }

    static Set<String> lookupCacheKeys() throws ReflectiveOperationException {
        Field cache = InetAddress.class.getDeclaredField("cache");
        cache.setAccessible(true); // surefire opens java.net for this (agent/pom.xml)
        return new HashSet<>(((Map<String, ?>) cache.get(null)).keySet());
    }

    @Test
    void invalidPatternsSayWhy() {
        assertReason("", "empty pattern");
        assertReason("10.0.0.0/33", "prefix length /33 is longer than the 32 bits");
        assertReason("fd00::/129", "prefix length /129 is longer than the 128 bits");
        assertReason("10.0.0.0/x", "prefix length 'x' is not a number");
        assertReason("host:0", "port 0 is out of range 1-65535");
        assertReason("host:65536", "port 65536 is out of range 1-65535");
        assertReason("host:http", "port 'http' is not a number");
        assertReason("example.com/8", "is not an IP address, so it cannot take a /prefix");
        assertReason("bad host!", "not a host name");
        assertReason("[::1", "'[' without ']'");
        assertReason("300.1.1.1/8", "is not an IP address");
        assertReason(":443", "no host or address before the port");
        assertReason("h\u00e9llo", "not a host name");
        assertReason("a".repeat(254), "254 characters; no host name is longer than 253");
        assertReason("*".repeat(100_000), "100000 characters");
    }

    private static void assertReason(String text, String reason) {
        PeerPattern.InvalidPatternException e = assertThrows(
                PeerPattern.InvalidPatternException.class, () -> PeerPattern.parse(text), text);
        assertTrue(e.getMessage().contains(reason), text + ": " + e.getMessage());
    }

    @Test
    void theLongestHostNameIsStillAccepted() throws Exception {
        String longest = ("a".repeat(62) + ".").repeat(4) + "a"; // 253 characters
        assertEquals(253, longest.length());
        assertTrue(p(longest).matches(longest, null, 1));
    }

    @Test
    void keepsItsTextForMessages() throws Exception {
        assertEquals("*.example.com:443", p(" *.example.com:443 ").toString());
    }
}
