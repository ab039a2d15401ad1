package dev.closenotify.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a running JVM that started without the agent: list, attach (twice), status,
 * set, with real TLS truncations before and after, coordinated through files.
 */
class LiveAttachIT {

    private static final long WAIT_NANOS = 60_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void attachStatusSetOnARunningJvm() throws Exception {
        ChildJvm.Running target = ChildJvm.testMain("dev.closenotify.it.child.LiveTargetChild",
                dir.toString()).start();
        String pid = Long.toString(target.pid());
        try {
            awaitFile(dir.resolve("ready"), target);

            ChildJvm.Result list = ChildJvm.cli("list").assertExitedNormally();
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(pid + " ")
                    && l.contains("not loaded") && l.contains("LiveTargetChild")), list.toString());

            ChildJvm.Result attach = ChildJvm.cli("attach", pid, "policy=count")
                    .assertExitedNormally();
            assertTrue(attach.stdout().startsWith("closenotify: attached agent "), attach.toString());
            ChildJvm.Result again = ChildJvm.cli("attach", pid).assertExitedNormally();
            assertTrue(again.stdout().contains("is already active in " + pid + "; nothing done"),
                    again.toString());
            ChildJvm.Result listed = ChildJvm.cli("list").assertExitedNormally();
            assertTrue(listed.stdout().lines().anyMatch(l -> l.startsWith(pid + " ")
                    && l.contains("active ")), listed.toString());

            List<String> round1 = play(1, target);
            assertTrue(round1.get(0).contains(" transport=socket ") && round1.get(0).contains(" end=eof ")
                    && round1.get(0).contains(" agent=truncated "), round1.toString());
            assertTrue(round1.get(1).contains(" transport=engine ")
                    && round1.get(1).contains(" agent=truncated "), round1.toString());

            ChildJvm.Result status = ChildJvm.cli("status", pid).assertExitedNormally();
            assertTrue(status.stdout().startsWith("closenotify agent "), status.toString());
            assertTrue(status.stdout().contains("  Policy                 count\n"), status.stdout());
            assertTrue(status.stdout().contains("  Truncations            2\n"), status.stdout());
            assertTrue(status.stdout().contains("  Thrown                 0\n"), status.stdout());
            // Which harm depends on the traffic; the four lines must be there and add up.
            long harms = 0;
            for (String counter : List.of("SilentTruncations", "DetectedTruncations",
                    "HarmlessTruncations", "UnknownHarmTruncations")) {
                Matcher line = Pattern.compile("(?m)^  " + counter
                        + " +(\\d+)$").matcher(status.stdout());
                assertTrue(line.find(), counter + " in: " + status.stdout());
                harms += Long.parseLong(line.group(1));
            }
            assertEquals(2, harms, status.stdout());
            // JSSE was loaded before the attach: hooks applied by retransformation, no tracking.
            assertTrue(status.stdout().contains("SSLSocketImpl.handleEOF=applied"), status.stdout());
            assertTrue(status.stdout().contains("tracking SSLEngineImpl=unavailable-loaded-before-agent"),
                    status.stdout());

            ChildJvm.Result set = ChildJvm.cli("set", pid, "policy=throw").assertExitedNormally();
            assertEquals("closenotify: policy of " + pid + ": count -> throw\n", set.stdout());
            List<String> round2 = play(2, target);
            assertTrue(round2.get(0).contains(" exception=SSLProtocolException "), round2.toString());

            ChildJvm.Result refused = ChildJvm.cli("set", pid, "idle.ms=5");
            assertEquals(2, refused.exitCode());
            assertTrue(refused.stderr().contains("only the policy can change at run time"),
                    refused.toString());
            ChildJvm.Result invalid = ChildJvm.cli("set", pid, "policy=loud");
            assertEquals(2, invalid.exitCode());
            assertTrue(invalid.stderr().contains("invalid value 'loud' for policy"), invalid.toString());
        } finally {
            Files.writeString(dir.resolve("stop"), "");
        }
        ChildJvm.Result finished = target.finish();
        assertEquals(0, finished.exitCode(), finished.toString());
        List<String> startup = finished.stderrLinesStartingWith("closenotify: agent ");
        assertEquals(1, startup.size(), finished.stderr());
        assertTrue(startup.get(0).contains("policy=count") && startup.get(0).contains("attached live"),
                startup.get(0));
        // Retransformed classes cannot gain tracking fields: events say so rather than guess.
        assertTrue(finished.stderr().contains("kind=truncated exchange=unknown "), finished.stderr());
    }

    /**
     * The CLI refuses to attach twice, but the attach API can still load a second copy into a JVM
     * started with -javaagent: that copy must say so once and change nothing (here: not switch
     * the policy to throw).
     */
    @Test
    void aSecondCopyLoadedThroughTheAttachApiDoesNothing() throws Exception {
        ChildJvm.Running target = ChildJvm.testMain("dev.closenotify.it.child.LiveTargetChild",
                dir.toString()).agent("policy=count").start();
        try {
            awaitFile(dir.resolve("ready"), target);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(target.pid()));
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "policy=throw");
            } finally {
                vm.detach();
            }
            List<String> round = play(1, target);
            assertTrue(round.get(0).contains(" transport=socket ") && round.get(0).contains(" end=eof ")
                    && round.get(0).contains(" agent=truncated "), round.toString());
        } finally {
            Files.writeString(dir.resolve("stop"), "");
        }
        ChildJvm.Result finished = target.finish();
        assertEquals(0, finished.exitCode(), finished.toString());
        assertEquals(1, finished.stderrLinesStartingWith("closenotify: agent ").size(), finished.stderr());
        assertEquals(List.of("closenotify: the agent is already active in this JVM; this copy does nothing"),
                finished.stderrLinesStartingWith("closenotify: the agent is already"), finished.stderr());
    }

    @Test
    void statusOfAJvmWithoutTheAgentSaysSo() throws Exception {
        ChildJvm.Running target = ChildJvm.testMain("dev.closenotify.it.child.LiveTargetChild",
                dir.toString()).start();
        try {
            awaitFile(dir.resolve("ready"), target);
            ChildJvm.Result status = ChildJvm.cli("status", Long.toString(target.pid()));
            assertEquals(1, status.exitCode(), status.toString());
            assertTrue(status.stderr().contains("no closenotify agent in " + target.pid()),
                    status.toString());
        } finally {
            Files.writeString(dir.resolve("stop"), "");
            target.finish();
        }
    }

    @Test
    void badCommandLinesGetUsage() {
        ChildJvm.Result unknown = ChildJvm.cli("attack", "1");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().startsWith("closenotify: unknown command 'attack'\nusage:"),
                unknown.stderr());
        ChildJvm.Result badPid = ChildJvm.cli("status", "12ab");
        assertEquals(2, badPid.exitCode());
        assertTrue(badPid.stderr().contains("'12ab' is not a process id"), badPid.stderr());
        ChildJvm.Result help = ChildJvm.cli("--help").assertExitedNormally();
        assertTrue(help.stdout().contains("attach <pid> [key=value,...]"), help.stdout());
    }

    private List<String> play(int round, ChildJvm.Running target) throws Exception {
        Files.writeString(dir.resolve("go-" + round), "");
        Path done = dir.resolve("done-" + round);
        awaitFile(done, target);
        return Files.readAllLines(done).stream().filter(l -> l.startsWith("RESULT ")).toList();
    }

    private static void awaitFile(Path file, ChildJvm.Running target)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!Files.exists(file)) {
            if (!target.isAlive()) {
                fail("the target JVM exited early: " + target.finish());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no " + file.getFileName() + " within 60 s");
            }
            Thread.sleep(10);
        }
    }
}
