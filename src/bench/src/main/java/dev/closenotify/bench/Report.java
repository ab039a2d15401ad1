package dev.closenotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the results table from the samples the {@code ./bench} script collected.
 *
 * <p>Input: one TSV file, lines {@code jdk section variant run warm metric value}; warm-up runs
 * ({@code warm=1}) are ignored. Lines starting {@code #jdk} name a JDK: {@code #jdk label home
 * version}. Each cell is the median over the measured runs (each a fresh JVM) with [min..max].
 * Targets are computed from medians measured in the same run and printed with PASS/MISS and the
 * margin; a steady-state MISS that lies inside the run-to-run spread of the baseline says so.
 */
public final class Report {

    private static final int LABEL = 50;
    private static final int CELL = 22;

    /** jdk -> key(section|variant|metric) -> values. */
    private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    /** jdk|section|variant|metric -> round -> value, for ratios paired within a round. */
    private final Map<String, Map<String, Double>> byRound = new LinkedHashMap<>();
    private final Map<String, String[]> jdks = new LinkedHashMap<>();
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<String> failed = new ArrayList<>();
    /** jdk -> target rows, for the side-by-side summary. */
    private final Map<String, List<String[]>> targets = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Report r = new Report();
        r.read(Paths.get(args[0]));
        r.print();
        System.out.print(r.out);
    }

    private void read(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].equals("#meta") && f.length >= 3) {
                meta.put(f[1], f[2]);
                continue;
            }
            if (f[0].equals("#failed")) {
                failed.add(String.join(" ", Arrays.copyOfRange(f, 1, f.length)));
                continue;
            }
            if (f[0].equals("#jdk")) {
                jdks.put(f[1], Arrays.copyOfRange(f, 1, f.length));
                continue;
            }
            if (f[0].startsWith("#") || f.length < 7 || f[4].equals("1")) {
                continue;
            }
            samples.computeIfAbsent(f[0], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[1] + "|" + f[2] + "|" + f[5], k -> new ArrayList<>())
                    .add(Double.parseDouble(f[6]));
            byRound.computeIfAbsent(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[5], k -> new LinkedHashMap<>())
                    .put(f[3], Double.parseDouble(f[6]));
        }
    }

    private static double parse(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- statistics ---------------------------------------------------------------------------

    private record Stat(double median, double min, double max, int n) {
    }

    private Stat stat(String jdk, String section, String variant, String metric) {
        List<Double> v = samples.getOrDefault(jdk, Map.of())
                .get(section + "|" + variant + "|" + metric);
        if (v == null || v.isEmpty()) {
            return null;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        double median = n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
        return new Stat(median, a[0], a[n - 1], n);
    }

    /**
     * The ratio variant/baseline computed per round (the two runs were seconds apart, so slow
     * drift of a busy machine cancels), summarised over the rounds.
     */
    private Stat paired(String jdk, String section, String variant, String base, String metric) {
        Map<String, Double> v = byRound.get(jdk + "|" + section + "|" + variant + "|" + metric);
        Map<String, Double> b = byRound.get(jdk + "|" + section + "|" + base + "|" + metric);
        if (v == null || b == null) {
            return null;
        }
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, Double> e : v.entrySet()) {
            Double d = b.get(e.getKey());
            if (d != null && d != 0) {
                ratios.add(e.getValue() / d);
            }
        }
        if (ratios.isEmpty()) {
            return null;
        }
        double[] a = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        double median = n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
        return new Stat(median, a[0], a[n - 1], n);
    }

    private static String ratioCell(Stat s) {
        if (s == null) {
            return "-";
        }
        return s.n == 1 ? String.format(Locale.ROOT, "%.3f", s.median)
                : String.format(Locale.ROOT, "%.3f [%.2f..%.2f]", s.median, s.min, s.max);
    }

    private static String num(double v) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e9) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String fmt = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, fmt, v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + num(v);
    }

    private static String cell(Stat s) {
        if (s == null) {
            return "-";
        }
        if (s.min == s.max) {
            return num(s.median);
        }
        return num(s.median) + " [" + num(s.min) + ".." + num(s.max) + "]";
    }

    // ---- layout -------------------------------------------------------------------------------

    private void line(String label, String... cells) {
        StringBuilder b = new StringBuilder(pad(label, LABEL));
        for (String c : cells) {
            b.append(pad(c, CELL)).append(' ');
        }
        out.append(b.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }

    private void heading(String text) {
        out.append('\n').append(text).append('\n');
    }

    private void print() {
        out.append("closenotify-agent benchmarks (./bench");
        out.append("quick".equals(meta.get("mode")) ? " --quick: smoke run, figures not meaningful)" : ")");
        out.append('\n');
        out.append("date ").append(meta.getOrDefault("date", "?")).append(", ")
                .append(meta.getOrDefault("nproc", "?")).append(" CPUs (")
                .append(meta.getOrDefault("cpu", "?")).append("), ")
                .append(meta.getOrDefault("memory", "?")).append('\n');
        StringBuilder load = new StringBuilder("load average (1/5/15 min):");
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith("loadavg-")) {
                load.append(' ').append(e.getKey().substring(8)).append(' ').append(e.getValue())
                        .append(';');
            }
        }
        out.append(load).append('\n');
        double cpus = parse(meta.get("nproc"));
        double peak = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith("loadavg-")) {
                peak = Math.max(peak, parse(e.getValue().split(" ")[0]));
            }
        }
        if (cpus > 0 && peak > cpus / 2) {
            out.append(String.format(Locale.ROOT, "WARNING: the machine was busy (1-min load up to %.1f on %.0f CPUs):"
                    + " treat every figure as a trial figure%n", peak, cpus));
        }
        if (!failed.isEmpty()) {
            out.append("FAILED runs (left out of the figures): ").append(failed.size()).append('\n');
            for (String f : failed) {
                out.append("  ").append(f).append('\n');
            }
        }
        for (String jdk : jdks.keySet()) {
            printJdk(jdk);
        }
        if (jdks.size() > 1) {
            printTargetSummary();
        }
    }

    private void printJdk(String jdk) {
        String[] info = jdks.get(jdk);
        out.append("\n=================================================================================\n");
        out.append("JDK ").append(info.length > 2 ? info[2] : jdk).append("  (")
                .append(info.length > 1 ? info[1] : "?").append(")\n");
        out.append("Each cell: median [min..max] over n fresh JVMs; warm-up runs discarded.\n");
        List<String[]> rows = new ArrayList<>();
        targets.put(jdk, rows);
        startup(jdk, rows);
        firstTls(jdk, rows);
        steady(jdk, rows);
        storm(jdk);
        memory(jdk, rows);
        printTargets(rows);
        diagnosis(jdk);
    }

    private void startup(String jdk, List<String[]> rows) {
        String sec = "startup";
        Stat n = stat(jdk, sec, "none", "wall_ms");
        if (n == null) {
            return;
        }
        boolean diag = stat(jdk, sec, "transformer", "wall_ms") != null;
        heading("1. Start-up of a small non-TLS program (whole process, n=" + n.n + ")");
        String[] variants = diag ? new String[] {"none", "empty", "agent", "transformer"}
                : new String[] {"none", "empty", "agent"};
        line("", heads(diag ? new String[] {"no agent", "empty premain", "closenotify (log)",
                "(diag) no-op transformer"} : new String[] {"no agent", "empty premain",
                "closenotify (log)"}));
        for (String m : new String[] {"wall_ms", "cpu_ms"}) {
            String label = m.equals("wall_ms") ? "wall, ms" : "CPU (user+sys), ms";
            line(label, cells(jdk, sec, variants, m));
            Stat base = stat(jdk, sec, "none", m);
            String[] over = new String[variants.length];
            over[0] = "";
            for (int i = 1; i < variants.length; i++) {
                Stat s = stat(jdk, sec, variants[i], m);
                over[i] = s == null ? "-" : signed(s.median - base.median);
            }
            line("  overhead vs no agent, ms", over);
        }
        for (String m : new String[] {"wall_ms", "cpu_ms"}) {
            Stat none = stat(jdk, sec, "none", m);
            Stat empty = stat(jdk, sec, "empty", m);
            Stat agent = stat(jdk, sec, "agent", m);
            String what = "start-up overhead agent/empty-premain, " + (m.equals("wall_ms") ? "wall" : "CPU");
            if (empty == null || agent == null) {
                continue;
            }
            double emptyOver = empty.median - none.median;
            double agentOver = agent.median - none.median;
            if (emptyOver <= 0) {
                rows.add(new String[] {what, "n/a (empty overhead " + signed(emptyOver) + " ms)",
                        "<= 1.50x", "n/a", ""});
                continue;
            }
            double ratio = agentOver / emptyOver;
            rows.add(new String[] {what, String.format(Locale.ROOT, "%.2fx (%s/%s ms)", ratio,
                    signed(agentOver), signed(emptyOver)), "<= 1.50x", ratio <= 1.5 ? "PASS" : "MISS",
                    String.format(Locale.ROOT, "%+.2fx", 1.5 - ratio)});
        }
    }

    private void firstTls(String jdk, List<String[]> rows) {
        String sec = "firsttls";
        Stat n = stat(jdk, sec, "none", "first_read_ms");
        if (n == null) {
            return;
        }
        heading("2. First TLS use: exec of `java` to first handshake + read on loopback (n=" + n.n + ")");
        String[] variants = {"none", "empty", "agent", "rcn"};
        line("", heads(new String[] {"no agent", "empty premain", "closenotify (log)",
                "requireCloseNotify"}));
        line("exec -> first read done, ms", cells(jdk, sec, variants, "first_read_ms"));
        String[] over = new String[variants.length];
        over[0] = "";
        for (int i = 1; i < variants.length; i++) {
            Stat s = stat(jdk, sec, variants[i], "first_read_ms");
            over[i] = s == null ? "-" : signed(s.median - n.median);
        }
        line("  vs no agent, ms", over);
        line("  exec -> main(), ms", cells(jdk, sec, variants, "to_main_ms"));
        line("  key store + SSLContext, ms", cells(jdk, sec, variants, "context_ms"));
        line("  first SSLSocket (loads SSLSocketImpl), ms", cells(jdk, sec, variants, "socket_class_ms"));
        line("  connect + handshake, ms", cells(jdk, sec, variants, "handshake_ms"));
        line("  first 1 KiB read, ms", cells(jdk, sec, variants, "read_ms"));
        line("whole process wall, ms", cells(jdk, sec, variants, "wall_ms"));
        line("whole process CPU, ms", cells(jdk, sec, variants, "cpu_ms"));
        Stat agent = stat(jdk, sec, "agent", "first_read_ms");
        if (agent != null) {
            double d = agent.median - n.median;
            rows.add(new String[] {"first TLS use, agent - no agent", signed(d) + " ms",
                    "<= +100 ms", d <= 100 ? "PASS" : "MISS", signed(100 - d) + " ms"});
        }
    }

    private void steady(String jdk, List<String[]> rows) {
        String[][] modes = {
            {"socket-throughput", "mb_per_s", "SSLSocket read, MB/s", "cpu_us_per_mb", "  CPU per MB, us"},
            {"socket-handshakes", "hs_per_s", "SSLSocket handshakes/s", "cpu_us_per_hs", "  CPU per handshake, us"},
            {"engine-throughput", "mb_per_s", "SSLEngine read, MB/s", "cpu_us_per_mb", "  CPU per MB, us"},
            {"engine-handshakes", "hs_per_s", "SSLEngine handshakes/s", "cpu_us_per_hs", "  CPU per handshake, us"},
        };
        boolean any = false;
        for (String[] m : modes) {
            if (stat(jdk, "steady-" + m[0], "none", m[1]) != null) {
                any = true;
            }
        }
        if (!any) {
            return;
        }
        Stat first = null;
        for (String[] m : modes) {
            first = first != null ? first : stat(jdk, "steady-" + m[0], "none", m[1]);
        }
        heading("3. Steady state on loopback (one mode per JVM, warm-up discarded, n=" + first.n + ")");
        out.append("   ratios are paired: agent run / no-agent run of the same round, median [min..max] over rounds\n");
        String[] variants = {"none", "count", "throw"};
        line("", heads(new String[] {"no agent", "agent, count", "agent, throw", "count/none",
                "throw/none"}));
        for (String[] m : modes) {
            String sec = "steady-" + m[0];
            Stat base = stat(jdk, sec, "none", m[1]);
            if (base == null) {
                continue;
            }
            String[] all = Arrays.copyOf(cells(jdk, sec, variants, m[1]), 5);
            for (int i = 1; i < 3; i++) {
                Stat r = paired(jdk, sec, variants[i], "none", m[1]);
                all[2 + i] = ratioCell(r);
                if (r != null) {
                    double noise = r.median == 0 ? 0 : (r.max - r.min) / 2;
                    String note = r.median >= 0.99 || r.n < 2 ? ""
                            : (r.median + noise >= 0.99 ? String.format(Locale.ROOT,
                                    " (inside round-to-round spread +-%.3f)", noise) : "");
                    rows.add(new String[] {m[2].replace(", MB/s", " MB/s") + " ratio, "
                            + variants[i] + "/none", ratioCell(r), ">= 0.990",
                            r.median >= 0.99 ? "PASS" : "MISS",
                            String.format(Locale.ROOT, "%+.3f", r.median - 0.99) + note});
                }
            }
            line(m[2], all);
            String[] cc = Arrays.copyOf(cells(jdk, sec, variants, m[3]), 5);
            for (int i = 1; i < 3; i++) {
                cc[2 + i] = ratioCell(paired(jdk, sec, variants[i], "none", m[3]));
            }
            line(m[4], cc);
        }
    }

    private void storm(String jdk) {
        String sec = "storm";
        Stat n = stat(jdk, sec, "none", "events_per_s");
        if (n == null) {
            return;
        }
        heading("4. Event storm: truncated connections from several client threads (n=" + n.n + ")");
        String[] variants = {"none", "count", "log"};
        line("", heads(new String[] {"no agent", "agent, count", "agent, log (to file)"}));
        line("truncated connections (events)/s", cells(jdk, sec, variants, "events_per_s"));
        line("CPU of the read() that meets EOF, us", cells(jdk, sec, variants, "eof_read_cpu_us"));
        Stat base = stat(jdk, sec, "none", "eof_read_cpu_us");
        String[] per = new String[3];
        per[0] = "";
        for (int i = 1; i < 3; i++) {
            Stat s = stat(jdk, sec, variants[i], "eof_read_cpu_us");
            per[i] = s == null ? "-" : signed(s.median - base.median);
        }
        line("  => CPU per event (agent - none), us", per);
        line("process CPU per connection, us", cells(jdk, sec, variants, "cpu_us_per_conn"));
        String[] check = new String[3];
        check[0] = "(no agent)";
        for (int i = 1; i < 3; i++) {
            Stat seen = stat(jdk, sec, variants[i], "agent_truncations");
            Stat total = stat(jdk, sec, variants[i], "connections_total");
            Stat errs = stat(jdk, sec, variants[i], "client_errors");
            if (seen == null || total == null) {
                check[i] = "-";
            } else {
                // Every run must show agent count == connections - client errors.
                check[i] = String.format(Locale.ROOT, "%s of %s", num(seen.median), num(total.median))
                        + (errs != null && errs.max > 0 ? " (errors)" : "");
            }
        }
        line("check: agent's count vs connections", check);
    }

    private void memory(String jdk, List<String[]> rows) {
        Stat n = stat(jdk, "memory", "none", "heap_used_kb");
        if (n != null) {
            heading("5a. Memory after a few TLS connections (socket+engine, one truncated each), 3x System.gc() (n=" + n.n + ")");
            String[] variants = {"none", "agent"};
            line("", heads(new String[] {"no agent", "closenotify (log)", "added by agent"}));
            for (String[] m : new String[][] {{"heap_used_kb", "heap used, KiB"},
                    {"metaspace_kb", "metaspace used, KiB"}, {"class_space_kb", "  of which class space, KiB"},
                    {"code_cache_kb", "code cache used, KiB"}, {"classes_loaded", "classes loaded"}}) {
                Stat a = stat(jdk, "memory", "none", m[0]);
                Stat b = stat(jdk, "memory", "agent", m[0]);
                String[] c = Arrays.copyOf(cells(jdk, "memory", variants, m[0]), 3);
                c[2] = a == null || b == null ? "-" : signed(b.median - a.median);
                line(m[1], c);
            }
        }
        String[][] modes = {
            {"alloc-socket", "SSLSocket, default JIT"},
            {"alloc-engine", "SSLEngine, default JIT"},
            {"alloc-socket-noea", "SSLSocket, -XX:-DoEscapeAnalysis, min batch"},
            {"alloc-engine-noea", "SSLEngine, -XX:-DoEscapeAnalysis, min batch"},
        };
        Stat a0 = stat(jdk, "alloc-socket", "none", "bytes_per_read");
        if (a0 == null) {
            return;
        }
        heading("5b. Allocation per read() on an established connection, non-EOF path, B/read (n=" + a0.n + ")");
        line("", heads(new String[] {"no agent", "closenotify (log)", "added by agent"}));
        for (String[] m : modes) {
            // Without escape analysis the per-JVM figure is the cheapest batch: a batch can only
            // gain one-off allocations (a GC, a session ticket), never lose the steady ones.
            String metric = m[0].endsWith("-noea") ? "bytes_per_read_min" : "bytes_per_read";
            Stat a = stat(jdk, m[0], "none", metric);
            Stat b = stat(jdk, m[0], "agent", metric);
            if (a == null) {
                continue;
            }
            double d = b == null ? Double.NaN : b.median - a.median;
            line(m[1], cell(a), cell(b), b == null ? "-" : String.format(Locale.ROOT, "%+.2f", d));
            if (b != null && m[0].endsWith("-noea")) {
                // Without escape analysis the JDK's own allocation is deterministic, so any byte
                // the agent added would show; with it, the JDK's figure moves between JVMs.
                boolean ok = Math.abs(d) < 0.5;
                rows.add(new String[] {"allocation added per read, " + m[1].replace(", -XX:-DoEscapeAnalysis, min batch", "")
                        + " (-EA, exact)", String.format(Locale.ROOT, "%+.2f B/read", d), "0 B",
                        ok ? "PASS" : "MISS", ok ? "none added" : String.format(Locale.ROOT, "%+.2f B over", d)});
            }
        }
    }

    private void diagnosis(String jdk) {
        String[] variants = {"none", "empty", "agent"};
        String[] heads = {"no agent", "empty premain", "closenotify (log)"};
        String[][] rowsClassLoad = {
            {"main_class_loaded_ms", "JVM uptime when main class loads, ms"},
            {"premain_ms", "premain (agent class load -> main class), ms"},
            {"premain_options_bridge_ms", "  options + bridge jar on boot path, ms"},
            {"premain_handler_probe_ms", "  handler, counters, hook probe, ms"},
            {"premain_transformer_ms", "  transformer (record keys), addTransformer, ms"},
            {"premain_tail_ms", "  JMX thread start, start-up line, ms"},
            {"weave_window_ms", "weaver class load -> SSLSocketImpl defined, ms"},
            {"classes_total", "classes loaded"},
            {"classes_shared_cds", "  from the CDS archive"},
            {"classes_bytebuddy", "  Byte Buddy (shaded)"},
            {"classes_agent_own", "  agent's own"},
            {"classes_management", "  JMX / java.lang.management"},
            {"management_classes_off_main_thread", "    of which off the main thread"},
            {"invoke_spun_before_main", "  LambdaForms/Species spun before main"},
            {"invoke_spun_total", "  LambdaForms/Species spun in total"},
        };
        for (String[] prog : new String[][] {{"diag-hello", "non-TLS program (Hello)"},
                {"diag-firsttls", "first TLS use (FirstTls)"}}) {
            Stat n = stat(jdk, prog[0], "none", "classes_total");
            if (n == null) {
                continue;
            }
            heading("D. Diagnosis: class-load timeline, " + prog[1] + ", -Xlog:class+load (n=" + n.n + ")");
            line("", heads);
            for (String[] r : rowsClassLoad) {
                String[] c = cells(jdk, prog[0], variants, r[0]);
                boolean any = false;
                for (String x : c) {
                    any |= !x.equals("-");
                }
                if (any) {
                    line(r[1], c);
                }
            }
            if (prog[0].equals("diag-firsttls")) {
                line("exec -> first read done (with logging), ms", cells(jdk, prog[0], variants, "first_read_ms"));
                line("  first SSLSocket (loads SSLSocketImpl), ms", cells(jdk, prog[0], variants, "socket_class_ms"));
            }
        }
        Stat w = stat(jdk, "diag-weave", "none", "first_weave_ms");
        if (w == null) {
            return;
        }
        heading("D. Diagnosis: one weave of SSLSocketImpl in a fresh JVM, agent jar on the class path (n=" + w.n + ")");
        String[] secs = {"diag-weave", "diag-weave-noverify", "diag-weave-preload", "diag-weave-asm"};
        line("", "Byte Buddy (agent)", "BB, no verification", "BB, classes preloaded", "plain ASM prototype");
        String[][] m = {
            {"preload_cpu_ms", "preload: load+link+init, CPU ms"},
            {"preload_classes", "  classes loaded by the preload"},
            {"first_weave_ms", "first weave (cold), wall ms"},
            {"first_weave_cpu_ms", "first weave (cold), thread CPU ms"},
            {"first_weave_classes", "  classes loaded by it"},
            {"second_weave_ms", "second weave (warm classes), wall ms"},
            {"engine_weave_ms", "then SSLEngineImpl, wall ms"},
            {"tenth_weave_ms", "tenth weave, wall ms"},
        };
        for (String[] r : m) {
            String[] c = new String[secs.length];
            for (int i = 0; i < secs.length; i++) {
                c[i] = cell(stat(jdk, secs[i], "none", r[0]));
            }
            line(r[1], c);
        }
    }

    private void printTargets(List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        heading("Targets (ratios and differences of medians from this run)");
        out.append(String.format(Locale.ROOT, "%-58s %-30s %-11s %-5s %s%n", "target", "measured",
                "goal", "", "margin"));
        for (String[] r : rows) {
            out.append(String.format(Locale.ROOT, "%-58s %-30s %-11s %-5s %s%n", r[0], r[1], r[2],
                    r[3], r[4]));
        }
    }

    private void printTargetSummary() {
        heading("=================================================================================");
        out.append("Targets side by side\n");
        List<String> names = new ArrayList<>(jdks.keySet());
        StringBuilder h = new StringBuilder(pad("target", 58));
        for (String j : names) {
            String[] info = jdks.get(j);
            String v = info.length > 2 ? info[2].split(" ")[0] : j;
            h.append(pad("JDK " + (v.length() > 25 ? v.substring(0, 25) : v), 30));
        }
        out.append(h.toString().stripTrailing()).append('\n');
        Map<String, Map<String, String[]>> byName = new LinkedHashMap<>();
        for (String j : names) {
            for (String[] r : targets.get(j)) {
                byName.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(j, r);
            }
        }
        for (Map.Entry<String, Map<String, String[]>> e : byName.entrySet()) {
            StringBuilder b = new StringBuilder(pad(e.getKey(), 58));
            for (String j : names) {
                String[] r = e.getValue().get(j);
                b.append(pad(r == null ? "-" : r[3] + " " + r[4].replaceAll(" \\(inside.*", " (in spread)"), 30));
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
    }

    private String[] cells(String jdk, String sec, String[] variants, String metric) {
        String[] c = new String[variants.length];
        for (int i = 0; i < variants.length; i++) {
            c[i] = cell(stat(jdk, sec, variants[i], metric));
        }
        return c;
    }

    private static String[] heads(String[] names) {
        return names;
    }
}
