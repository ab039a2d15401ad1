package dev.closenotify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo as a whole, in-process and without an agent. */
class DemoMainTest {

    private static final Pattern RESULT = Pattern.compile("RESULT scenario=[a-z0-9-]+ transport=(socket|engine)"
            + " tls=1\\.[23] bytes=\\d+ end=(eof|exception) exception=(-|[A-Za-z]+) agent=- harm=- message=.+");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return DemoMain.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesFormatRunsTheWholeMatrix() {
        assertEquals(0, run("--format", "lines"), err());
        assertEquals("", err());
        List<String> lines = out().lines().toList();
        assertEquals(52 + 1, lines.size(), out());
        for (String line : lines.subList(0, 52)) {
            assertTrue(RESULT.matcher(line).matches(), line);
        }
        assertEquals("COUNTERS absent", lines.get(52));
        assertTrue(lines.contains("RESULT scenario=truncate-fin transport=socket tls=1.2 bytes=1000 end=eof"
                + " exception=- agent=- harm=- message=-"), out());
        assertTrue(lines.contains("RESULT scenario=truncate-fin transport=engine tls=1.3 bytes=1000 end=exception"
                + " exception=SSLException agent=- harm=- message=closing inbound before receiving peer's close_notify"), out());
    }

    @Test
    void tableFormatSaysTheAgentIsNotAttached() {
        assertEquals(0, run("--scenario", "clean-close", "--transport", "socket", "--tls", "1.3", "--bytes", "5"),
                err());
        assertTrue(out().contains("agent not attached"), out());
        assertTrue(out().lines().anyMatch(l -> l.matches("clean-close +socket +1\\.3 +5 bytes, then -1 +- +-")), out());
    }

    @Test
    void neverPrintsPlaintext() {
        assertEquals(0, run("--format", "lines", "--scenario", "clean-close,tls13-half-close", "--bytes", "50"),
                err());
        // The peer sends 'x' bytes, the client sends a request and "BYE"; none of it may leak.
        assertTrue(!out().contains("xxxxx") && !out().contains("GET /demo") && !out().contains("BYE"), out());
    }

    @Test
    void neverPrintsHttpPlaintextEither() {
        assertEquals(0, run("--scenario", "http-chunked-cut,http10-cut", "--bytes", "50"), err());
        for (String plaintext : List.of("xxxxx", "GET /demo", "HTTP/1.", "200 OK", "Host:", "Content-Type",
                "Transfer-Encoding")) {
            assertTrue(!out().contains(plaintext), plaintext + " in:\n" + out());
        }
        // The rows themselves are there: each run's byte count is headers plus the 50 body bytes.
        assertTrue(out().lines().anyMatch(l -> l.matches("http10-cut +engine +1\\.3 +"
                + HttpExchange.response(PeerBehaviour.HTTP10_CUT, 50).length + " bytes, then SSLException: .*")), out());
    }

    @Test
    void unknownOptionExitsWithTwoAndNamesIt() {
        assertEquals(2, run("--verbose"));
        assertTrue(err().startsWith("closenotify-demo: unknown option: --verbose"), err());
        assertTrue(err().contains("Usage:"), err());
        assertEquals("", out());
    }

    @Test
    void emptySelectionIsAUsageError() {
        assertEquals(2, run("--scenario", "tls13-half-close", "--tls", "1.2"));
        assertTrue(err().contains("no scenario applies"), err());
    }

    @Test
    void helpGoesToStdout() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage:"), out());
        assertEquals("", err());
    }
}
