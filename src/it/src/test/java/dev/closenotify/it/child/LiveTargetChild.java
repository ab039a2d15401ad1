package dev.closenotify.it.child;

import dev.closenotify.demo.DemoMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A long-running child for the live-attach tests: plays one truncation at start (so JSSE is
 * loaded before any agent), writes {@code ready}, then for each {@code go-N} file the test creates
 * plays socket and engine truncations and writes their RESULT lines to {@code done-N}; exits on
 * {@code stop}. Coordination is by files so the test never guesses at timing.
 */
public final class LiveTargetChild {

    private static final String[] TRUNCATION = {
        "--format", "lines", "--scenario", "truncate-fin", "--transport", "socket,engine", "--tls", "1.3"
    };

    private LiveTargetChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        // Without an agent the demo would wait for the MBean; here it must not.
        System.setProperty("closenotify.demo.agentWaitMillis", "0");
        play();
        Files.writeString(dir.resolve("ready"), Long.toString(ProcessHandle.current().pid()));
        System.clearProperty("closenotify.demo.agentWaitMillis");
        for (int round = 1; ; round++) {
            Path go = dir.resolve("go-" + round);
            while (!Files.exists(go)) {
                if (Files.exists(dir.resolve("stop"))) {
                    System.exit(0);
                }
                Thread.sleep(10);
            }
            Path temp = dir.resolve("done-" + round + ".tmp");
            Files.writeString(temp, play());
            Files.move(temp, dir.resolve("done-" + round));
        }
    }

    private static String play() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        DemoMain.run(TRUNCATION, out, System.err);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
