package dev.closenotify.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The human-readable output: what the README shows. */
final class TableReport {

    /** Exception messages are cut so one odd message cannot blow up the table's width. */
    static final int MAX_MESSAGE = 70;

    private static final String[] HEADINGS = {"SCENARIO", "TRANSPORT", "TLS", "APP RECEIVED", "AGENT REPORTED",
        "HARM"};

    private static final String[] HOW_TO_READ = {
        "How to read it: \"app received\" is all an application learns. On the socket transport",
        "truncate-fin and truncate-mid-record end in a plain -1, exactly like clean-close: a cut-off",
        "response looks complete. The agent column should say: truncated for truncate-fin,",
        "truncate-mid-record and every http-* row; none for clean-close, close-notify-with-fin and",
        "tls13-half-close; after-local-close for local-close-first and layered-close (we closed",
        "first, the peer never answered with close_notify); handshake-eof for handshake-eof. Two",
        "runs say none on purpose: truncate-rst, because the JDK already reports \"Connection",
        "reset\", an error and not an EOF, so the agent has nothing to add; and layered-close on",
        "TLS 1.3, because there the JDK's close() only drains the raw socket and never reads the",
        "EOF as TLS.",
        "",
        "The harm column is the agent's verdict on each truncation, from the HTTP framing it saw.",
        "silent (http-close-delimited-cut, http10-cut) is the attack: the response had neither",
        "Content-Length nor chunked, so its body ends where the connection ends, and the",
        "application takes the cut body as complete: kind=truncated harm=silent in the log.",
        "detected (http-length-cut, http-chunked-cut): a body was cut, but the application's own",
        "HTTP parser sees it end early. none (http-length-complete): every response had ended, the",
        "missing close_notify lost nothing. unknown (truncate-fin, truncate-mid-record): raw bytes,",
        "not HTTP, so the agent cannot tell. - where nothing was truncated. Under",
        "-Dclosenotify.policy=throw only silent and unknown truncations throw, on the socket",
        "transport (closenotify.throw.harm), so the detected and none rows still end in -1.",
    };

    private TableReport() {
    }

    static void print(PrintStream out, String headline, List<RunResult> results, AgentCounters totals,
                      boolean attached) {
        out.println(headline);
        out.println(attached
                ? "agent: attached (MBean " + AgentProbe.OBJECT_NAME + ")"
                        + (totals != null && totals.harm() == null
                                ? "; this agent has no harm counters, the harm column stays -" : "")
                : "agent not attached (no MBean " + AgentProbe.OBJECT_NAME + "): run with"
                        + " -javaagent:<closenotify agent jar> to fill the last two columns");
        out.println();

        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (RunResult r : results) {
            rows.add(new String[] {
                r.run().scenario().id(),
                r.run().transport().id(),
                r.run().tls().id(),
                appReceived(r.outcome()),
                r.agent() == null ? "-" : r.agent(),
                r.harm() == null ? "-" : r.harm(),
            });
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            out.println(format(rows.get(i), widths));
            if (i == 0) {
                out.println(rule(widths));
            }
        }

        out.println();
        out.println("Totals: " + (totals == null ? "- (agent not attached)" : totals.describeTotals()));
        out.println();
        for (String line : HOW_TO_READ) {
            out.println(line);
        }
    }

    static String appReceived(Outcome o) {
        String end = o.endedByException()
                ? o.exceptionClass() + (o.message() == null || o.message().isEmpty()
                        ? "" : ": " + shorten(LinesReport.oneLine(o.message())))
                : o.cleanEnd();
        return o.bytes() + " bytes, then " + end;
    }

    static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(row[c]);
            if (c < row.length - 1) {
                sb.append(" ".repeat(widths[c] - row[c].length()));
            }
        }
        return sb.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            sb.append("-".repeat(widths[c]));
        }
        return sb.toString();
    }
}
