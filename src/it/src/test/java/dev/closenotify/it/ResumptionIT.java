package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session resumption is the application's business, not the agent's: a client connecting twice
 * with the same SSLContext resumes exactly as it does without the agent, over sockets and
 * engines, TLS 1.2 and 1.3, after a clean close and after a truncation. Compared line by line
 * with a run without the agent (see {@code ResumptionChild}); only the random session ids differ.
 *
 * <p>"Resumed" shows as the same creation time (TLS 1.2 and 1.3) and, on 1.2, the same session
 * id; 1.3 always gives a resumed session a new id.
 */
class ResumptionIT {

    private static final String CHILD = "dev.closenotify.it.child.ResumptionChild";

    private static Map<String, String> withoutAgent;

    @BeforeAll
    static void baseline() {
        ChildJvm.Result result = ChildJvm.testMain(CHILD).run().assertExitedNormally();
        withoutAgent = rows(result);
        assertEquals(8, withoutAgent.size(), result.toString());
        // Without resumption in the baseline, the comparisons below would prove nothing.
        for (Map.Entry<String, String> row : withoutAgent.entrySet()) {
            boolean socketTruncation = row.getKey().startsWith("truncate_fin/socket");
            assertTrue(row.getValue().contains(" sameCreation=true "), row.toString());
            if (row.getKey().endsWith("/1.2")) {
                assertTrue(row.getValue().contains(" sameId=true "), row.toString());
            }
            if (socketTruncation) {
                // The JDK treats the bare FIN as close_notify: the app sees -1, the session lives.
                assertTrue(row.getValue().contains("first=1000:-1 second=1000:-1"), row.toString());
            }
        }
    }

    @Test
    void countAndLogResumeExactlyAsWithoutTheAgent() {
        for (String policy : new String[] {"count", "log"}) {
            ChildJvm.Result result = ChildJvm.testMain(CHILD).agent("policy=" + policy).run()
                    .assertExitedNormally();
            assertEquals(withoutAgent, rows(result), policy + "\n" + result);
            // The agent did see the truncations it must not have disturbed.
            if (policy.equals("log")) {
                assertEquals(8, result.stderrLinesStartingWith(
                        "closenotify: TLS peer closed without close_notify: kind=truncated ").size(),
                        result.stderr());
            }
        }
    }

    /**
     * Under throw a truncated socket read fails, and a failed connection's session is invalidated
     * by the JDK, so it is not resumed: exactly what the JDK's own strict mode
     * ({@code com.sun.net.ssl.requireCloseNotify=true}) does. Everything else is unchanged.
     */
    @Test
    void throwResumesExactlyAsTheJdksStrictMode() {
        ChildJvm.Result strict = ChildJvm.testMain(CHILD)
                .property("com.sun.net.ssl.requireCloseNotify", "true").run().assertExitedNormally();
        ChildJvm.Result thrown = ChildJvm.testMain(CHILD).agent("policy=throw").run()
                .assertExitedNormally();
        Map<String, String> strictRows = rows(strict);
        assertEquals(strictRows, rows(thrown), thrown.toString());
        for (Map.Entry<String, String> row : strictRows.entrySet()) {
            if (row.getKey().startsWith("truncate_fin/socket")) {
                assertTrue(row.getValue().contains(" sameCreation=false ")
                        && row.getValue().contains("first=1000:SSLProtocolException"), row.toString());
            } else {
                assertEquals(withoutAgent.get(row.getKey()), row.getValue(), row.getKey());
            }
        }
    }

    /**
     * Positive control: a child that disturbs the session (invalidates it between the two
     * connections, as a meddling agent might) is caught by the same comparison.
     */
    @Test
    void theComparisonCatchesADisturbedSession() {
        ChildJvm.Result meddled = ChildJvm.testMain(CHILD, "invalidate").run().assertExitedNormally();
        Map<String, String> rows = rows(meddled);
        assertEquals(withoutAgent.keySet(), rows.keySet());
        for (Map.Entry<String, String> row : rows.entrySet()) {
            assertNotEquals(withoutAgent.get(row.getKey()), row.getValue(), row.getKey());
            assertTrue(row.getValue().contains(" sameCreation=false "), row.toString());
        }
    }

    /** RESUMPTION lines keyed by ending/transport/tls, without the random session ids. */
    private static Map<String, String> rows(ChildJvm.Result result) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : result.stdoutLinesStartingWith("RESUMPTION ")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : line.substring("RESUMPTION ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            String key = fields.get("ending") + "/" + fields.get("transport") + "/" + fields.get("tls");
            rows.put(key, line.replaceFirst(" ids=\\S+$", ""));
        }
        return rows;
    }
}
