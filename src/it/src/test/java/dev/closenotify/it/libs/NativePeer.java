package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A native TLS peer (openssl, nginx, python3) started by a test on loopback: its merged output is
 * collected line by line and can be waited for; it is ended by the test, and always in
 * {@link #close()}. Nothing is skipped when a tool is missing: the test fails and says how to
 * install it ({@code ./test} checks for all three before Maven starts, and installs them as root).
 */
final class NativePeer implements AutoCloseable {

    static final long WAIT_MILLIS = 10_000;

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean outputEnded;

    private NativePeer(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "native-peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Finds {@code tool} in /usr/sbin or /usr/bin (where the Debian packages put it), else on
     * the PATH; fails the test if absent.
     */
    static String require(String tool) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin"));
        dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail(tool + " is not installed: the library integration tests need it as a real TLS peer;"
                + " ./test installs it when run as root, or install it yourself"
                + " (apt-get install -y --no-install-recommends nginx openssl python3)");
        return null;
    }

    static NativePeer start(String name, List<String> command, Path workDir) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            return new NativePeer(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** A port that was free a moment ago, for tools that cannot report the port they bound. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(TestTls.LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for an output line matching {@code regex}; returns it. */
    String awaitLine(String regex) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        lock.lock();
        try {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (p.matcher(lines.get(seen)).find()) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (outputEnded || left <= 0) {
                    fail(name + ": no output line matching /" + regex + "/ ("
                            + (outputEnded ? "it exited" : "timed out") + "); output:\n" + String.join("\n", lines));
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    String output() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    /** Writes to the peer's standard input. */
    void send(String text) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.ISO_8859_1));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot write to its stdin", e);
        }
    }

    /** Closes the peer's standard input (EOF), e.g. to make openssl s_client close properly. */
    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILL: the kernel closes the peer's sockets with a bare FIN (nothing left unread), no
     * close_notify can be sent. Waits until the process is gone.
     */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, then wait. */
    void terminate() {
        process.destroy();
        awaitExit();
    }

    void awaitExit() {
        try {
            if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                fail(name + " did not exit; output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                lock.lock();
                try {
                    lines.add(line);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            lock.lock();
            try {
                outputEnded = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
