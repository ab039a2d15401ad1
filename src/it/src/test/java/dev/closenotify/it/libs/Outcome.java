package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLProtocolException;

/** What the application got from one call: a body, or an exception. */
record Outcome(byte[] body, Throwable error) {

    static Outcome of(Callable<byte[]> call) {
        try {
            return new Outcome(call.call(), null);
        } catch (Throwable t) {
            return new Outcome(null, t);
        }
    }

    /** The call returned a body of exactly {@code length} bytes, as if it were complete. */
    Outcome assertBody(int length, String why) {
        assertNull(error, () -> why + "; but the call failed:\n" + stack(error));
        assertEquals(length, body.length, why);
        byte[] expected = TlsHttpServer.body(length);
        assertTrue(java.util.Arrays.equals(expected, body), "body content differs");
        return this;
    }

    /** The call returned exactly {@code expected}. */
    Outcome assertBody(byte[] expected, String why) {
        assertNull(error, () -> why + "; but the call failed:\n" + stack(error));
        assertTrue(java.util.Arrays.equals(expected, body), () -> why + ": got "
                + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
        return this;
    }

    /** The call failed, and the cause chain holds a {@code type}. */
    <T extends Throwable> T assertFailedWith(Class<T> type, String why) {
        assertNotNull(error, () -> why + "; but the call returned "
                + (body == null ? "null" : body.length + " bytes") + " as if complete");
        T found = find(type);
        assertNotNull(found, () -> why + "; expected a " + type.getName() + " in the cause chain of:\n"
                + stack(error));
        return found;
    }

    /**
     * The agent's {@code throw} policy reached the application: an SSLProtocolException naming
     * close_notify somewhere in the cause chain.
     */
    SSLProtocolException assertAgentThrew() {
        SSLProtocolException e = assertFailedWith(SSLProtocolException.class,
                "under closenotify.policy=throw the application must not accept the cut body");
        assertTrue(String.valueOf(e.getMessage()).contains("close_notify"), e.getMessage());
        return e;
    }

    <T extends Throwable> T find(Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String stack(Throwable t) {
        if (t == null) {
            return "null";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Override
    public String toString() {
        return error != null ? "failed: " + error : "body of " + body.length + " bytes";
    }
}
