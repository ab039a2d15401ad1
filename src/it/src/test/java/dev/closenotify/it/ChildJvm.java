package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches a child JVM (the java of {@code -Dit.java}, so the same tests run on JDK 17 and 25)
 * with the built agent jar, and collects its exit code, stdout and stderr.
 */
public final class ChildJvm {

    private static final long DEFAULT_TIMEOUT_SECONDS = 120;

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

    public static ChildJvm demo(String... demoArgs) {
        ChildJvm child = new ChildJvm();
        child.classPath.add(demoJar().toString());
        child.mainClass = "dev.closenotify.demo.DemoMain";
        child.args.addAll(List.of(demoArgs));
        return child;
    }

    /** A main class from the test sources, with the demo classes beside it. */
    public static ChildJvm testMain(String mainClass, String... mainArgs) {
        ChildJvm child = demo();
        child.classPath.add(property("it.test.classes"));
        child.mainClass = mainClass;
        child.args.clear();
        child.args.addAll(List.of(mainArgs));
        return child;
    }

    public ChildJvm agent() {
        jvmArgs.add("-javaagent:" + agentJar());
        return this;
    }

    public ChildJvm agent(String agentArgs) {
        jvmArgs.add("-javaagent:" + agentJar() + "=" + agentArgs);
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ChildJvm property(String key, String value) {
        jvmArgs.add("-D" + key + "=" + value);
        return this;
    }

    public ChildJvm classPathEntry(String entry) {
        classPath.add(entry);
        return this;
    }

    /** How long {@link #run()} and {@link Running#finish()} wait before failing the test. */
    public ChildJvm timeoutSeconds(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    public ChildJvm withSlf4jAndLogback() {
        classPath.add(property("it.slf4j.jars"));
        return this;
    }

    /** A child JVM left running; {@link #finish()} waits for it and collects its output. */
    public final class Running {
        private final Process process;
        private final Path out;
        private final Path err;
        private final List<String> command;

        Running(Process process, Path out, Path err, List<String> command) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.command = command;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public Result finish() {
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("child JVM did not finish within " + timeoutSeconds + " s: " + command
                            + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                process.destroyForcibly();
                deleteQuietly(out);
                deleteQuietly(err);
            }
        }
    }

    public Running start() {
        try {
            Path out = Files.createTempFile("closenotify-it-", ".out");
            Path err = Files.createTempFile("closenotify-it-", ".err");
            List<String> command = command();
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new Running(process, out, err, command);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a child JVM", e);
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        if (mainClass != null) {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath));
            command.add(mainClass);
        }
        command.addAll(args);
        return command;
    }

    /** {@code java -jar closenotify-agent.jar <args>}: the agent's CLI. */
    public static Result cli(String... cliArgs) {
        ChildJvm child = new ChildJvm();
        child.jvmArgs.add("-jar");
        child.jvmArgs.add(agentJar().toString());
        child.classPath.clear();
        child.mainClass = null;
        child.args.addAll(List.of(cliArgs));
        return child.run();
    }

    public Result run() {
        return start().finish();
    }

    public static String java() {
        return property("it.java");
    }

    public static Path agentJar() {
        Path jar = Paths.get(property("it.agent.jar"));
        assertTrue(Files.isRegularFile(jar), "the agent jar is not built: " + jar);
        return jar;
    }

    static Path demoJar() {
        Path jar = Paths.get(property("it.demo.jar"));
        assertTrue(Files.isRegularFile(jar), "the demo jar is not built: " + jar);
        return jar;
    }

    private static String property(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + key
                    + " is not set; run the integration tests through Maven (mvn verify)");
        }
        return value;
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // A temp file left behind is harmless.
            }
        }
    }

    /** What a child JVM did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public List<String> stderrLines() {
            return stderr.lines().toList();
        }

        /** Lines on stderr that start with the given text. */
        public List<String> stderrLinesStartingWith(String prefix) {
            return stderr.lines().filter(l -> l.startsWith(prefix)).toList();
        }

        public List<String> stdoutLinesStartingWith(String prefix) {
            return stdout.lines().filter(l -> l.startsWith(prefix)).toList();
        }

        public Result assertExitedNormally() {
            if (exitCode != 0) {
                fail("child JVM exited with " + exitCode + ": " + command + "\nstdout:\n" + stdout
                        + "\nstderr:\n" + stderr);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
