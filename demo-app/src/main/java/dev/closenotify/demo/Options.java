package dev.closenotify.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The parsed command line. Parsing is separate from running so it can be tested alone. */
record Options(Format format, Set<Scenario> scenarios, Set<Transport> transports, Set<TlsVersion> versions,
               int appBytes, boolean help) {

    enum Format { TABLE, LINES }

    static final int DEFAULT_APP_BYTES = 1000;
    /** The peer holds the whole response in memory; keep a typo from asking for gigabytes. */
    static final int MAX_APP_BYTES = 16 * 1024 * 1024;

    static Options defaults() {
        return new Options(Format.TABLE, Set.of(Scenario.values()), Set.of(Transport.values()),
                Set.of(TlsVersion.values()), DEFAULT_APP_BYTES, false);
    }

    static Options parse(String... args) throws UsageException {
        Options o = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> o = o.with(true);
                case "--format" -> {
                    String v = value != null ? value : next(args, ++i, name);
                    o = new Options(format(v), o.scenarios, o.transports, o.versions, o.appBytes, o.help);
                }
                case "--scenario", "--scenarios" -> {
                    Set<Scenario> s = list(value != null ? value : next(args, ++i, name), name, Scenario::fromId);
                    o = new Options(o.format, s, o.transports, o.versions, o.appBytes, o.help);
                }
                case "--transport", "--transports" -> {
                    Set<Transport> t = list(value != null ? value : next(args, ++i, name), name, Transport::fromId);
                    o = new Options(o.format, o.scenarios, t, o.versions, o.appBytes, o.help);
                }
                case "--tls" -> {
                    Set<TlsVersion> v = list(value != null ? value : next(args, ++i, name), name, TlsVersion::fromId);
                    o = new Options(o.format, o.scenarios, o.transports, v, o.appBytes, o.help);
                }
                case "--bytes" -> {
                    int n = bytes(value != null ? value : next(args, ++i, name));
                    o = new Options(o.format, o.scenarios, o.transports, o.versions, n, o.help);
                }
                default -> throw new UsageException(arg.startsWith("-")
                        ? "unknown option: " + name
                        : "unexpected argument: " + arg);
            }
        }
        return o;
    }

    List<Combination> combinations() {
        return Combination.matrix(scenarios, transports, versions);
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "Usage: java [-javaagent:<closenotify agent jar>] -jar closenotify-demo.jar [options]",
                "",
                "Plays TLS close and truncation scenarios, raw and HTTP/1.x, against a local server and",
                "shows what the application received, what the closenotify agent reported and how",
                "harmful it judged each truncation.",
                "",
                "Options:",
                "  --format table|lines      table for people (default), lines for scripts",
                "  --scenario ID[,ID...]     scenarios to run (default: all):",
                "                            " + Scenario.ids(),
                "  --transport socket,engine transports to use (default: both)",
                "  --tls 1.2,1.3             TLS versions to use (default: both)",
                "  --bytes N                 application bytes the server sends, for http-* rows the body",
                "                            bytes after the headers (default: " + DEFAULT_APP_BYTES + ")",
                "  --help                    show this help",
                "",
                "Exit status: 0 when every run completed (whatever its outcome), 1 when the demo",
                "itself failed, 2 for a bad command line.",
                "");
    }

    private Options with(boolean help) {
        return new Options(format, scenarios, transports, versions, appBytes, help);
    }

    private static String next(String[] args, int i, String name) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException("option " + name + " needs a value");
        }
        return args[i];
    }

    private static Format format(String v) throws UsageException {
        return switch (v.trim()) {
            case "table" -> Format.TABLE;
            case "lines" -> Format.LINES;
            default -> throw new UsageException("invalid value for --format: '" + v + "' (expected table or lines)");
        };
    }

    private static int bytes(String v) throws UsageException {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0 && n <= MAX_APP_BYTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid value for --bytes: '" + v + "' (expected 0.." + MAX_APP_BYTES + ")");
    }

    private static <T> Set<T> list(String v, String name, Function<String, T> parse) throws UsageException {
        List<T> items = new ArrayList<>();
        for (String part : Arrays.asList(v.split(","))) {
            if (part.isBlank()) {
                continue;
            }
            try {
                items.add(parse.apply(part));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for " + name + ": " + e.getMessage());
            }
        }
        if (items.isEmpty()) {
            throw new UsageException("option " + name + " needs at least one value");
        }
        return new LinkedHashSet<>(items);
    }
}
