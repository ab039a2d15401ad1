package dev.closenotify.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this package in forks with and without the agent, alternating, and
 * reports agent/no-agent ratios with their spread ({@code ./bench --jmh} runs it).
 *
 * <pre>
 * java -cp closenotify-bench.jar:$(cat jmh.classpath) dev.closenotify.bench.jmh.JmhMain \
 *     [--rounds N] [--agent JAR] [--out DIR] [JMH options and benchmark regexps]
 * </pre>
 *
 * <p>A round runs every selected benchmark in one fork without the agent and one with it
 * ({@code -javaagent:JAR -Dclosenotify.policy=count}); the order is reversed every other round,
 * so that a machine's drift spreads over both variants. Each round's agent score is divided by
 * the same round's no-agent score (paired ratios, seconds apart); the report gives every fork's
 * score, the paired ratios, their median and [min..max], the ratio of the medians and, with five
 * rounds or more, a bootstrap 95% interval of the median ratio.
 *
 * <p>Defaults: 3 rounds ({@code --rounds} or {@code -Dbench.rounds}), the agent at
 * {@code agent/target/closenotify-agent.jar} ({@code --agent} or {@code -Dbench.agent}), output
 * under {@code target/bench/jmh} ({@code --out}); per fork the benchmarks' own 3 x 1 s warm-up
 * and 5 x 1 s measurement, which JMH options override ({@code -wi 5 -i 10 -r 2s}, {@code -p size=512},
 * a regexp such as {@code SocketRead}). Forks get {@code -Xms1g -Xmx1g} (replaced by
 * {@code -jvmArgs}), the key store ({@code -Dbench.keystore}, default {@code src/tls/demo.p12})
 * and {@code -Dbench.variant}, which the benchmarks check against the agent's presence.
 */
public final class JmhMain {

    static final String AGENT_DEFAULT = "agent/target/closenotify-agent.jar";
    static final String POLICY = "count";

    private JmhMain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        String agentPath = System.getProperty("bench.agent", AGENT_DEFAULT);
        String outDir = "target/bench/jmh";
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--agent" -> agentPath = args[++i];
                case "--out" -> outDir = args[++i];
                default -> jmhArgs.add(args[i]);
            }
        }
        Path agent = Paths.get(agentPath).toAbsolutePath().normalize();
        Path keystore = Paths.get(System.getProperty("bench.keystore", "src/tls/demo.p12")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(agent)) {
            System.err.println("jmh: no agent jar at " + agent + " (build it, or pass --agent / -Dbench.agent)");
            System.exit(2);
        }
        if (!Files.isRegularFile(keystore)) {
            System.err.println("jmh: no key store at " + keystore + " (-Dbench.keystore)");
            System.exit(2);
        }
        if (rounds < 1) {
            System.err.println("jmh: --rounds must be at least 1");
            System.exit(2);
        }
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            System.err.println("jmh: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path out = Paths.get(outDir);
        Files.createDirectories(out);

        List<String> base = new ArrayList<>(cli.getJvmArgs().hasValue()
                ? cli.getJvmArgs().get() : List.of("-Xms1g", "-Xmx1g"));
        base.add("-Dbench.keystore=" + keystore);
        List<String> append = new ArrayList<>(cli.getJvmArgsAppend().hasValue()
                ? cli.getJvmArgsAppend().get() : List.of());

        String loadStart = loadAverage();
        long t0 = System.nanoTime();
        // benchmark label -> variant -> per-round fork scores
        Map<String, Map<String, List<double[]>>> scores = new TreeMap<>();
        Map<String, String> units = new TreeMap<>();
        List<String> tsv = new ArrayList<>();
        tsv.add("round\tvariant\tbenchmark\tfork\tscore\terror\tunit");
        String shape = "";
        for (int r = 0; r < rounds; r++) {
            String[] order = r % 2 == 0
                    ? new String[] {Variant.NONE, Variant.AGENT}
                    : new String[] {Variant.AGENT, Variant.NONE};
            for (String variant : order) {
                List<String> jvmAppend = new ArrayList<>(append);
                jvmAppend.add("-D" + Variant.PROPERTY + "=" + variant);
                if (variant.equals(Variant.AGENT)) {
                    jvmAppend.add("-javaagent:" + agent);
                    jvmAppend.add("-Dclosenotify.policy=" + POLICY);
                }
                String name = String.format(Locale.ROOT, "round%02d-%s", r + 1, variant);
                ChainedOptionsBuilder b = new OptionsBuilder().parent(cli)
                        .jvmArgs(base.toArray(new String[0]))
                        .jvmArgsAppend(jvmAppend.toArray(new String[0]))
                        .shouldFailOnError(true)
                        .output(out.resolve(name + ".log").toString())
                        .result(out.resolve(name + ".json").toString())
                        .resultFormat(ResultFormatType.JSON);
                if (!cli.getForkCount().hasValue()) {
                    b.forks(1);
                }
                System.err.printf(Locale.ROOT, "jmh: round %d/%d, %s (JMH log: %s)%n", r + 1, rounds,
                        variant, out.resolve(name + ".log"));
                Collection<RunResult> results;
                try {
                    results = new Runner(b.build()).run();
                } catch (RunnerException | RuntimeException e) {
                    System.err.println("jmh: FAILED in round " + (r + 1) + ", " + variant + " (see "
                            + out.resolve(name + ".log") + "):");
                    e.printStackTrace();
                    System.exit(1);
                    return;
                }
                if (results.isEmpty()) {
                    System.err.println("jmh: no benchmark matched " + cli.getIncludes());
                    System.exit(2);
                }
                for (RunResult rr : results) {
                    String label = label(rr.getParams());
                    shape = shape(rr.getParams());
                    units.put(label, rr.getPrimaryResult().getScoreUnit());
                    List<Double> forks = new ArrayList<>();
                    int f = 0;
                    for (BenchmarkResult br : rr.getBenchmarkResults()) {
                        double s = br.getPrimaryResult().getScore();
                        forks.add(s);
                        tsv.add(String.format(Locale.ROOT, "%d\t%s\t%s\t%d\t%.6g\t%.6g\t%s", r + 1, variant,
                                label, ++f, s, br.getPrimaryResult().getScoreError(),
                                br.getPrimaryResult().getScoreUnit()));
                    }
                    double[] arr = forks.stream().mapToDouble(Double::doubleValue).toArray();
                    scores.computeIfAbsent(label, k -> new LinkedHashMap<>())
                            .computeIfAbsent(variant, k -> new ArrayList<>()).add(arr);
                    System.err.printf(Locale.ROOT, "jmh:   %s %s %s%n", label, fmt(mean(arr)),
                            rr.getPrimaryResult().getScoreUnit());
                }
            }
        }
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);

        StringBuilder report = new StringBuilder();
        report.append("JMH per-read paths: agent (-javaagent, policy=").append(POLICY).append(") vs no agent\n");
        report.append(String.format(Locale.ROOT, "JDK %s (%s), %s; %d CPUs; load average start %s, end %s; %d s%n",
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"), Runtime.getRuntime().availableProcessors(), loadStart,
                loadAverage(), seconds));
        report.append(String.format(Locale.ROOT, "%d round%s, each one fork per variant, the order alternating; %s%n",
                rounds, rounds == 1 ? "" : "s", shape));
        report.append("fork score = mean of its measurement iterations; ratio = agent / no agent of the same round"
                + " (higher scores are better, so a ratio below 1 is the agent's cost)\n");
        report.append("SocketRead.read16k: 1 op = 16 KiB read from an SSLSocket (TLS 1.3, loopback);"
                + " EngineUnwrap.unwrap: 1 op = one record unwrapped (TLS 1.3, in memory)\n");
        for (Map.Entry<String, Map<String, List<double[]>>> e : scores.entrySet()) {
            List<double[]> none = e.getValue().getOrDefault(Variant.NONE, List.of());
            List<double[]> with = e.getValue().getOrDefault(Variant.AGENT, List.of());
            double[] n = perRound(none);
            double[] a = perRound(with);
            int k = Math.min(n.length, a.length);
            double[] ratios = new double[k];
            for (int i = 0; i < k; i++) {
                ratios[i] = a[i] / n[i];
            }
            report.append('\n').append(e.getKey()).append(", ").append(units.get(e.getKey())).append('\n');
            report.append(String.format(Locale.ROOT, "  %-22s %s   median %s%n", "no agent, per fork", list(n),
                    fmt(median(n))));
            report.append(String.format(Locale.ROOT, "  %-22s %s   median %s%n", "agent, per fork", list(a),
                    fmt(median(a))));
            report.append(String.format(Locale.ROOT, "  %-22s %s%n", "agent/none, per round", ratioList(ratios)));
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            report.append(String.format(Locale.ROOT, "  => ratio %.3f [%.3f..%.3f] (median [min..max] of %d paired"
                    + " ratios); ratio of medians %.3f; bootstrap 95%% of the median ratio %s%n",
                    median(ratios), sorted[0], sorted[k - 1], k, median(a) / median(n), bootstrap(ratios)));
        }
        System.out.print(report);
        Files.writeString(out.resolve("report.txt"), report, StandardCharsets.UTF_8);
        Files.write(out.resolve("samples.tsv"), tsv, StandardCharsets.UTF_8);
        System.err.println("jmh: report, samples.tsv, JMH logs and JSON results in " + out);
    }

    private static String label(BenchmarkParams p) {
        String name = p.getBenchmark();
        String[] parts = name.split("\\.");
        StringBuilder s = new StringBuilder(parts.length >= 2
                ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name);
        for (String key : p.getParamsKeys()) {
            s.append(' ').append(key).append('=').append(p.getParam(key));
        }
        return s.toString();
    }

    private static String shape(BenchmarkParams p) {
        return String.format(Locale.ROOT, "per fork: warm-up %d x %s, measurement %d x %s, %d thread(s)",
                p.getWarmup().getCount(), p.getWarmup().getTime(), p.getMeasurement().getCount(),
                p.getMeasurement().getTime(), p.getThreads());
    }

    /** Each round's score: the mean of its forks (one fork per round unless -f says otherwise). */
    private static double[] perRound(List<double[]> rounds) {
        return rounds.stream().mapToDouble(JmhMain::mean).toArray();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Percentile bootstrap of the median of the paired ratios (rounds resampled); fixed seed. */
    private static String bootstrap(double[] ratios) {
        if (ratios.length < 5) {
            return "n/a (needs 5 rounds or more)";
        }
        Random random = new Random(42);
        int b = 10_000;
        double[] medians = new double[b];
        double[] sample = new double[ratios.length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < sample.length; j++) {
                sample[j] = ratios[random.nextInt(ratios.length)];
            }
            medians[i] = median(sample);
        }
        Arrays.sort(medians);
        return String.format(Locale.ROOT, "[%.3f..%.3f]", medians[(int) (b * 0.025)], medians[(int) (b * 0.975) - 1]);
    }

    private static String list(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) {
            s.append(String.format(Locale.ROOT, "%10s", fmt(x)));
        }
        return s.toString();
    }

    private static String ratioList(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) {
            s.append(String.format(Locale.ROOT, "%10.3f", x));
        }
        return s.toString();
    }

    private static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        return x >= 1000 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.3g", x);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
