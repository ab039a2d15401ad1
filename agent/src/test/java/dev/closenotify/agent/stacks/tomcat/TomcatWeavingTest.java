package dev.closenotify.agent.stacks.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.weave.TestStacks;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Woven;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The Tomcat hook and tracking (every network read of the channel, the claim field and its reset)
 * against the real {@code SecureNioChannel} of tomcat-embed-core 11.0.29 (test class path) and
 * 10.1.49 (a jar beside it, see the pom); {@code TomcatServerIT} runs 11.0.29.
 */
class TomcatWeavingTest {

    @Test
    void tomcat11TakesTheHookAndItsTracking() throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(
                TomcatTargets.CHANNEL + ".class")) {
            assertNotNull(in);
            assertWoven(in.readAllBytes());
        }
    }

    @Test
    void tomcat101TakesThemToo() throws Exception {
        Path jar = Path.of("target", "older-libs", "tomcat-embed-core-10.1.jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(TomcatTargets.CHANNEL + ".class");
            assertNotNull(entry, "SecureNioChannel in " + jar);
            try (InputStream in = file.getInputStream(entry)) {
                assertWoven(in.readAllBytes());
            }
        }
    }

    private static void assertWoven(byte[] bytes) {
        Hook hook = TestStacks.hook(TomcatTargets.CHANNEL);
        Tracking tracking = TestStacks.trackings().stream()
                .filter(t -> t.internalClassName().equals(TomcatTargets.CHANNEL))
                .findFirst().orElseThrow();
        Woven woven = new AsmWeaver().weave(TomcatTargets.CHANNEL, bytes, null, hook, tracking);
        assertTrue(woven.hookApplied(), woven.problems().toString());
        assertTrue(woven.trackingApplied(), woven.problems().toString());
        assertEquals(List.of(), woven.problems());
    }
}
