package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Python {@code ssl} server (Debian's python3, script {@code libs/tls_server.py}) that answers
 * with a close-delimited HTTP/1.0 body and then either closes its socket without {@code unwrap()}
 * (no close_notify: a truncation) or calls {@code unwrap()} first (close_notify, then FIN without
 * waiting for the client's reply: zero events). Waiting for the reply would stall the JDK 17
 * HttpClient, which was seen to end a close-delimited body only at the TCP FIN, not at close_notify
 * (JDK 25 ends it at close_notify and answers it).
 * Clients: HttpsURLConnection (SSLSocket) and the JDK HttpClient (SSLEngine, SSLFlowDelegate hook).
 */
class PythonSslServerIT {

    private static final int BODY = 20_000;
    private static final int CUT = 6_000;

    private static String python;
    private static Path dir;
    private static TestTls.PemFiles pem;
    private static Path script;

    @BeforeAll
    static void material() throws Exception {
        python = NativePeer.require("python3");
        dir = Files.createTempDirectory("closenotify-python-");
        pem = TestTls.writePem(dir);
        script = Path.of(PythonSslServerIT.class.getResource("/libs/tls_server.py").toURI());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            for (Path f : List.of(pem.cert(), pem.key())) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static ClientContract.Client client(String name) throws Exception {
        return switch (name) {
            case "HttpsURLConnection" -> Clients.httpsUrlConnection();
            case "JDK HttpClient" -> Clients.jdkHttpClient();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String transport(String name) {
        return name.equals("HttpsURLConnection") ? "socket" : "engine";
    }

    @ParameterizedTest(name = "{0}, policy={1}")
    @CsvSource({"HttpsURLConnection, log", "HttpsURLConnection, throw", "JDK HttpClient, log", "JDK HttpClient, throw"})
    void closeWithoutUnwrapIsATruncation(String clientName, String policy) throws Exception {
        try (NativePeer server = NativePeer.start("python3 tls_server.py", List.of(python, script.toString(),
                "close", pem.cert().toString(), pem.key().toString(), "" + BODY, "" + CUT), dir);
                AgentEvents events = AgentEvents.capture(policy)) {
            URI uri = URI.create("https://127.0.0.1:" + port(server) + "/");
            Outcome outcome;
            try (ClientContract.Client client = client(clientName)) {
                outcome = Outcome.of(get(client, uri));
            }
            server.awaitLine("^DONE close");
            server.awaitExit();
            if (policy.equals("throw")) {
                outcome.assertAgentThrew();
            } else {
                outcome.assertBody(CUT, "the client hands over the cut body as complete");
            }
            // A real non-Java server's close-delimited HTTP/1.0 body: the silent case.
            events.assertOneMidStreamTruncation("client", transport(clientName), "silent", "close-delimited");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"HttpsURLConnection", "JDK HttpClient"})
    void unwrapSendsCloseNotifyAndGivesNoEvent(String clientName) throws Exception {
        try (NativePeer server = NativePeer.start("python3 tls_server.py", List.of(python, script.toString(),
                "unwrap", pem.cert().toString(), pem.key().toString(), "" + BODY, "" + BODY), dir);
                AgentEvents events = AgentEvents.capture("throw")) {
            URI uri = URI.create("https://127.0.0.1:" + port(server) + "/");
            try (ClientContract.Client client = client(clientName)) {
                Outcome.of(get(client, uri)).assertBody(BODY, "a proper close");
            }
            String done = server.awaitLine("^DONE unwrap");
            server.awaitExit();
            assertTrue(done.contains("close_notify"), "python's unwrap() sent close_notify: " + done);
            events.assertNone();
        }
    }

    private static Callable<byte[]> get(ClientContract.Client client, URI uri) {
        return () -> client.get(uri);
    }

    private static int port(NativePeer server) {
        String line = server.awaitLine("^PORT \\d+");
        int port = Integer.parseInt(line.substring(5).trim());
        assertTrue(port > 0);
        return port;
    }
}
