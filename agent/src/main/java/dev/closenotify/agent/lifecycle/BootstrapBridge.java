package dev.closenotify.agent.lifecycle;

import dev.closenotify.agent.util.Console;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Puts the bridge (the classes woven JDK code calls) on the bootstrap class path. The agent jar
 * carries it as a nested jar, so only the bootstrap loader can ever define those classes.
 */
final class BootstrapBridge {

    static final String BRIDGE_CLASS = "dev.closenotify.bridge.Bridge";
    static final String NESTED_JAR = "META-INF/closenotify/bridge.jar";

    private BootstrapBridge() {
    }

    /** True when the bridge is on the bootstrap path now (already, or appended by this call). */
    static boolean ensureOnBootPath(Instrumentation inst) {
        if (onBootPath()) {
            return true; // An earlier copy of the agent put it there.
        }
        File jar;
        try {
            jar = newPrivateFile();
        } catch (Throwable t) {
            Console.say("cannot write the bootstrap bridge jar to java.io.tmpdir='"
                    + System.getProperty("java.io.tmpdir") + "' (" + Console.describe(t)
                    + "); the agent is inactive, the application runs without it");
            return false;
        }
        try {
            jar.deleteOnExit();
            try (InputStream in = openNestedJar();
                    OutputStream out = new FileOutputStream(jar)) {
                if (in == null) {
                    Console.say(NESTED_JAR + " is missing from the agent jar (a broken build?); "
                            + "the agent is inactive, the application runs without it");
                    return false;
                }
                // Into the file newPrivateFile() created and made owner-only, never replacing
                // it: code on the bootstrap path must stay ours.
                in.transferTo(out);
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            return onBootPath();
        } catch (Throwable t) {
            Console.say("cannot put the bridge on the bootstrap class path (" + Console.describe(t)
                    + "); the agent is inactive, the application runs without it");
            return false;
        }
    }

    /**
     * A new file in java.io.tmpdir, created atomically (it must not exist: no one can have planted
     * it or a link there), writable only by us in the sticky tmp directory. Named from the clock
     * rather than with {@code Files.createTempFile}, whose SecureRandom initialises the security
     * providers (about 150 classes at start-up); ProcessHandle would start a thread pool.
     */
    private static File newPrivateFile() throws IOException {
        File dir = new File(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; attempt < 100; attempt++) {
            long unique = System.nanoTime() ^ ((long) System.identityHashCode(dir) << 32);
            File file = new File(dir, "closenotify-bridge-" + Long.toHexString(unique) + ".jar");
            if (file.createNewFile()) {
                file.setReadable(false, false);
                file.setReadable(true, true);
                file.setWritable(false, false);
                file.setWritable(true, true);
                return file;
            }
        }
        throw new IOException("could not create a new file in " + dir);
    }

    private static boolean onBootPath() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    // Read from this agent's own jar, not whichever jar on the class path has that entry first.
    private static InputStream openNestedJar() throws Exception {
        URL location = BootstrapBridge.class.getProtectionDomain().getCodeSource().getLocation();
        File own = Paths.get(location.toURI()).toFile();
        if (own.isFile()) {
            JarFile agentJar = new JarFile(own);
            ZipEntry entry = agentJar.getEntry(NESTED_JAR);
            if (entry == null) {
                agentJar.close();
                return null;
            }
            InputStream in = agentJar.getInputStream(entry);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws java.io.IOException {
                    try {
                        super.close();
                    } finally {
                        agentJar.close();
                    }
                }
            };
        }
        return BootstrapBridge.class.getClassLoader().getResourceAsStream(NESTED_JAR);
    }
}
