package dev.closenotify.agent.stacks.undertow;

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
 * The Undertow hook and claim against the real {@code SslConduit} of undertow-core 2.4.4 (test
 * class path) and 2.3.27 (a jar beside it, see the pom); {@code UndertowServerIT} runs 2.4.4.
 */
class UndertowWeavingTest {

    @Test
    void undertow24TakesTheHookAndTheClaim() throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(
                UndertowTargets.CONDUIT + ".class")) {
            assertNotNull(in);
            assertWoven(in.readAllBytes());
        }
    }

    @Test
    void undertow23TakesThemToo() throws Exception {
        Path jar = Path.of("target", "older-libs", "undertow-core-2.3.jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(UndertowTargets.CONDUIT + ".class");
            assertNotNull(entry, "SslConduit in " + jar);
            try (InputStream in = file.getInputStream(entry)) {
                assertWoven(in.readAllBytes());
            }
        }
    }

    private static void assertWoven(byte[] bytes) {
        Hook hook = TestStacks.hook(UndertowTargets.CONDUIT);
        Tracking tracking = TestStacks.trackings().stream()
                .filter(t -> t.internalClassName().equals(UndertowTargets.CONDUIT))
                .findFirst().orElseThrow();
        Woven woven = new AsmWeaver().weave(UndertowTargets.CONDUIT, bytes, null, hook, tracking);
        assertTrue(woven.hookApplied(), woven.problems().toString());
        assertTrue(woven.trackingApplied(), woven.problems().toString());
        assertEquals(List.of(), woven.problems());
    }
}
