package dev.closenotify.demo;

/**
 * The machine-readable output the integration tests parse. One line per run, key=value pairs in a
 * fixed order, {@code message} last because it is the only value that may contain spaces.
 */
final class LinesReport {

    private LinesReport() {
    }

    static String result(RunResult r) {
        Outcome o = r.outcome();
        return "RESULT scenario=" + r.run().scenario().id()
                + " transport=" + r.run().transport().id()
                + " tls=" + r.run().tls().id()
                + " bytes=" + o.bytes()
                + " end=" + (o.endedByException() ? "exception" : "eof")
                + " exception=" + orDash(o.exceptionClass())
                + " agent=" + orDash(r.agent())
                // Added after agent, not in between older fields: a key=value parser takes it as
                // one more pair, and message, the only value with spaces, stays last.
                + " harm=" + orDash(r.harm())
                + " message=" + orDash(oneLine(o.message()));
    }

    /** Totals at the end of the demo; {@code totals} null means the agent is not attached. */
    static String counters(AgentCounters totals, String policy) {
        if (totals == null) {
            return "COUNTERS absent";
        }
        return "COUNTERS " + totals.describeTotals() + " Policy=" + orDash(oneLine(policy));
    }

    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("\\R", " ");
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }
}
