package dev.closenotify.bridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.testing.CapturedStderr;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/** The bridge hands JDK-private lookups to its listener, so it accepts only the agent's own. */
class BridgeTest {

    /** A listener by any other name, from the right loader. */
    public static final class Impostor implements EofListener {
        public Impostor() {
        }

        @Override
        public IOException onEof(int hook, Object connection, Object state, Object cause,
                MethodHandles.Lookup lookup) {
            return null;
        }

        @Override
        public IOException onStreamEnd(int hook, Object engine) {
            return null;
        }

        @Override
        public boolean onLookup(MethodHandles.Lookup lookup) {
            return true;
        }

        @Override
        public AppDataWatch onConnection(Object connection) {
            return null;
        }
    }

    /** Other tests of this JVM may have registered a recording listener: start with none. */
    @org.junit.jupiter.api.BeforeEach
    void noListener() {
        saved = Bridge.current();
        Bridge.registerUnchecked(null);
    }

    @org.junit.jupiter.api.AfterEach
    void restore() {
        Bridge.registerUnchecked(saved);
    }

    private EofListener saved;

    @Test
    void aListenerThatIsNotTheAgentsHandlerIsRefusedAndSaid() {
        try (CapturedStderr err = new CapturedStderr()) {
            assertFalse(Bridge.register(new Impostor()));
            assertTrue(err.text().contains("closenotify: refused to register "
                    + Impostor.class.getName()), err.text());
            assertTrue(err.text().contains(Bridge.LISTENER_CLASS), err.text());
        }
    }

    @Test
    void theAgentsHandlerNameFromAnotherLoaderIsRefused() throws Exception {
        // Defined under the handler's own name by a loader that is not the system loader.
        Class<?> copy = new NamedLoader().define();
        EofListener fake = (EofListener) copy.getDeclaredConstructor().newInstance();
        try (CapturedStderr err = new CapturedStderr()) {
            assertFalse(Bridge.register(fake));
            assertTrue(err.text().contains("refused to register " + Bridge.LISTENER_CLASS),
                    err.text());
        }
    }

    /** Defines {@link Impostor}'s bytes, renamed to the handler's name, in a loader of its own. */
    private static final class NamedLoader extends ClassLoader {
        NamedLoader() {
            super(BridgeTest.class.getClassLoader());
        }

        Class<?> define() throws Exception {
            byte[] bytes;
            try (java.io.InputStream in = BridgeTest.class.getResourceAsStream(
                    "BridgeTest$Impostor.class")) {
                bytes = in.readAllBytes();
            }
            net.bytebuddy.jar.asm.ClassReader reader = new net.bytebuddy.jar.asm.ClassReader(bytes);
            net.bytebuddy.jar.asm.ClassWriter writer = new net.bytebuddy.jar.asm.ClassWriter(0);
            String from = "dev/closenotify/bridge/BridgeTest$Impostor";
            String to = Bridge.LISTENER_CLASS.replace('.', '/');
            reader.accept(new net.bytebuddy.jar.asm.commons.ClassRemapper(writer,
                    new net.bytebuddy.jar.asm.commons.SimpleRemapper(from, to)) {
                @Override
                public void visitInnerClass(String name, String outer, String inner, int access) {
                    // The renamed class is top level.
                }

                @Override
                public void visitNestHost(String nestHost) {
                }

                @Override
                public void visitOuterClass(String owner, String name, String descriptor) {
                }
            }, 0);
            byte[] renamed = writer.toByteArray();
            return defineClass(Bridge.LISTENER_CLASS, renamed, 0, renamed.length);
        }
    }
}
