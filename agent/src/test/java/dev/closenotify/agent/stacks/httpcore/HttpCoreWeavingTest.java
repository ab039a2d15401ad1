package dev.closenotify.agent.stacks.httpcore;

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
 * The HttpCore hooks against the real {@code SSLIOSession} bytes: httpcore5 5.4 and httpcore-nio
 * 4.4.16 from this module's test class path, httpcore5 5.3 and httpcore-nio 4.4.15 as jars beside
 * it (see the pom). The integration tests run 5.4 and 4.4.16 for real.
 */
class HttpCoreWeavingTest {

    private static final Path OLDER = Path.of("target", "older-libs");

    @Test
    void currentReleasesTakeBothHooksAndTheClaimField() throws Exception {
        for (String session : List.of(HttpCoreTargets.SESSION5, HttpCoreTargets.SESSION4)) {
            byte[] bytes;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(session + ".class")) {
                assertNotNull(in, session + " on the test class path");
                bytes = in.readAllBytes();
            }
            assertWoven(session, bytes);
        }
    }

    @Test
    void olderReleasesTakeThemToo() throws Exception {
        assertWoven(HttpCoreTargets.SESSION5, fromJar("httpcore5-5.3.jar", HttpCoreTargets.SESSION5));
        assertWoven(HttpCoreTargets.SESSION4,
                fromJar("httpcore-nio-4.4.15.jar", HttpCoreTargets.SESSION4));
    }

    private static byte[] fromJar(String jar, String internalName) throws Exception {
        try (JarFile file = new JarFile(OLDER.resolve(jar).toFile())) {
            ZipEntry entry = file.getEntry(internalName + ".class");
            assertNotNull(entry, internalName + " in " + jar);
            try (InputStream in = file.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static void assertWoven(String session, byte[] bytes) {
        Hook hook = TestStacks.hook(session);
        Tracking tracking = TestStacks.trackings().stream()
                .filter(t -> t.internalClassName().equals(session)).findFirst().orElseThrow();
        Woven woven = new AsmWeaver().weave(session, bytes, null, hook, tracking);
        assertTrue(woven.hookApplied(), session + " " + woven.problems());
        assertTrue(woven.trackingApplied(), session + " " + woven.problems());
        assertEquals(List.of(), woven.problems());
    }
}
