package dev.closenotify.agent.stacks.bcjsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.weave.TestStacks;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Woven;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The BouncyCastle hook and tracking against the real {@code TlsProtocol} of bctls-jdk18on 1.84
 * (test class path) and 1.80 (a jar beside it, see the pom). The jars are multi-release: Java 9
 * and newer load {@code META-INF/versions/9/}, Java 8 the root copy; both are woven here.
 */
class BcWeavingTest {

    private static final String[] ENTRIES = {
        "META-INF/versions/9/" + BcTargets.PROTOCOL + ".class", BcTargets.PROTOCOL + ".class",
    };

    @Test
    void bctls184TakesTheHookAndItsTracking() throws Exception {
        Class<?> protocol = Class.forName(BcTargets.PROTOCOL.replace('/', '.'), false,
                ClassLoader.getSystemClassLoader());
        File jar = new File(protocol.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertWovenIn(jar.toPath());
    }

    @Test
    void bctls180TakesThemToo() throws Exception {
        assertWovenIn(Path.of("target", "older-libs", "bctls-jdk18on-1.80.jar"));
    }

    private static void assertWovenIn(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String name : ENTRIES) {
                ZipEntry entry = file.getEntry(name);
                assertNotNull(entry, name + " in " + jar);
                try (InputStream in = file.getInputStream(entry)) {
                    assertWoven(in.readAllBytes(), name);
                }
            }
        }
    }

    private static void assertWoven(byte[] bytes, String name) {
        Hook hook = TestStacks.hook(BcTargets.PROTOCOL);
        Tracking tracking = TestStacks.trackings().stream()
                .filter(t -> t.internalClassName().equals(BcTargets.PROTOCOL))
                .findFirst().orElseThrow();
        Woven woven = new AsmWeaver().weave(BcTargets.PROTOCOL, bytes, null, hook, tracking);
        assertTrue(woven.hookApplied(), name + ": " + woven.problems());
        assertTrue(woven.trackingApplied(), name + ": " + woven.problems());
        assertEquals(List.of(), woven.problems(), name);
    }
}
