package dev.closenotify.agent.stacks.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.weave.TestStacks;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Woven;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The Netty stack's hooks and tracking against the real classes of the releases it is verified
 * on: netty-handler 4.2 and grpc-netty-shaded (this module's test class path) and netty-handler
 * 4.1 (a jar beside it, see the pom). The integration tests run 4.2 and the shaded copy for real.
 */
class NettyWeavingTest {

    private static final Path NETTY_41 = Path.of("target", "older-libs", "netty-handler-4.1.jar");

    @Test
    void netty42AndTheShadedCopyTakeTheHookAndTheEngineTracking() throws Exception {
        for (String prefix : List.of(NettyTargets.NETTY, NettyTargets.GRPC_SHADED)) {
            assertWoven(prefix, name -> {
                try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                    assertNotNull(in, name + " on the test class path");
                    return in.readAllBytes();
                }
            });
        }
    }

    @Test
    void netty41TakesTheHookAndTheEngineTracking() throws Exception {
        assertTrue(Files.isRegularFile(NETTY_41), NETTY_41 + " (copied by the pom)");
        try (JarFile jar = new JarFile(NETTY_41.toFile())) {
            assertWoven(NettyTargets.NETTY, name -> {
                ZipEntry entry = jar.getEntry(name + ".class");
                assertNotNull(entry, name + " in " + NETTY_41);
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            });
        }
    }

    private interface ClassBytes {
        byte[] of(String internalName) throws Exception;
    }

    private static void assertWoven(String prefix, ClassBytes bytes) throws Exception {
        String handler = prefix + NettyTargets.HANDLER;
        Hook hook = TestStacks.hook(handler);
        assertNotNull(hook, handler);
        for (var weaver : TestStacks.WEAVERS) {
            byte[] original = bytes.of(handler);
            Woven woven = weaver.weave(handler, original, null, hook, null);
            if (woven == null) {
                continue; // The class-file patch declines what it cannot do; ASM never does.
            }
            assertTrue(woven.hookApplied(), handler + " " + woven.problems());
            assertEquals(List.of(), woven.problems());
        }
        String engine = prefix + NettyTargets.OPENSSL_ENGINE;
        Tracking tracking = TestStacks.trackings().stream()
                .filter(t -> t.internalClassName().equals(engine)).findFirst().orElseThrow();
        Woven woven = new AsmWeaver().weave(engine, bytes.of(engine), null, null, tracking);
        assertTrue(woven.trackingApplied(), engine + " " + woven.problems());
        assertEquals(List.of(), woven.problems());
    }
}
