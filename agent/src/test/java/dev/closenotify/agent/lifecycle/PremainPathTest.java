package dev.closenotify.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.testing.CapturedStderr;
import dev.closenotify.agent.testing.Instructions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Every class premain loads is free of {@code invokedynamic}: its first use bootstraps lambda
 * forms and costs tens of milliseconds in a JVM that is starting. The classes are found by running
 * premain for real in a loader of its own that records what it defines, so the list is the one
 * the JVM sees, not one kept by hand.
 */
class PremainPathTest {

    @Test
    void classesLoadedByPremainHaveNoInvokedynamic() throws Exception {
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        Class<?> main = loader.loadClass(AgentMain.class.getName());
        Instrumentation inst = (Instrumentation) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> method.getName().equals("getAllLoadedClasses")
                        ? new Class<?>[0] : null);
        String active = System.getProperty("closenotify.active");
        List<String> loaded;
        try (CapturedStderr err = new CapturedStderr()) {
            Method premain = main.getMethod("premain", String.class, Instrumentation.class);
            // Every kind of option value, so the config classes that parse them are loaded too.
            premain.invoke(null, "policy=count,throw.harm=silent;none,framing=on,throw.idle=true",
                    inst);
            loaded = new ArrayList<>(loader.defined);
            assertTrue(err.text().contains("agent ") && err.text().contains(" active"), err.text());
        } finally {
            stopHousekeeping();
            if (active == null) {
                System.clearProperty("closenotify.active");
            } else {
                System.setProperty("closenotify.active", active);
            }
        }
        assertTrue(loaded.contains(AgentMain.class.getName()), loaded.toString());
        assertTrue(loaded.contains("dev.closenotify.agent.weave.TargetFilter"), loaded.toString());
        for (String parser : List.of("dev.closenotify.agent.config.Values",
                "dev.closenotify.agent.config.PolicySource", "dev.closenotify.agent.framing.Harm")) {
            assertTrue(loaded.contains(parser), parser + " not in " + loaded);
        }
        List<String> withIndy = new ArrayList<>();
        for (String name : loaded) {
            if (hasInvokedynamic(loader.bytes(name))) {
                withIndy.add(name);
            }
        }
        assertEquals(List.of(), withIndy, "premain path classes with invokedynamic");
    }

    @Test
    void theCheckSeesInvokedynamic() throws Exception {
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        assertTrue(hasInvokedynamic(loader.bytes(PremainPathTest.class.getName())),
                "this test's own lambda must be found");
    }

    private static void stopHousekeeping() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("closenotify-housekeeping")) {
                thread.interrupt();
            }
        }
    }

    static boolean hasInvokedynamic(byte[] classFile) {
        boolean[] found = new boolean[1];
        Instructions.visit(classFile, new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap,
                    Object... args) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Defines the agent's classes itself (child first) and keeps their names in load order. */
    private static final class RecordingLoader extends ClassLoader {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final List<String> defined = java.util.Collections.synchronizedList(new ArrayList<>());

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        byte[] bytes(String name) throws IOException {
            try (InputStream in = getParent().getResourceAsStream(
                    name.replace('.', '/') + ".class")) {
                return in.readAllBytes();
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.closenotify.agent.") || name.startsWith("dev.closenotify.agent.testing.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> done = findLoadedClass(name);
                if (done != null) {
                    return done;
                }
                try {
                    byte[] b = bytes(name);
                    if (seen.add(name)) {
                        defined.add(name);
                    }
                    return defineClass(name, b, 0, b.length);
                } catch (IOException | NullPointerException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
