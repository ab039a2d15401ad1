package dev.closenotify.agent;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.lang.instrument.Instrumentation;
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
        Path jar;
        try {
            jar = Files.createTempFile("closenotify-bridge-", ".jar");
        } catch (Throwable t) {
            Console.say("cannot write the bootstrap bridge jar to java.io.tmpdir='"
                    + System.getProperty("java.io.tmpdir") + "' (" + Console.describe(t)
                    + "); the agent is inactive, the application runs without it");
            return false;
        }
        try {
            jar.toFile().deleteOnExit();
            try (InputStream in = openNestedJar()) {
                if (in == null) {
                    Console.say(NESTED_JAR + " is missing from the agent jar (a broken build?); "
                            + "the agent is inactive, the application runs without it");
                    return false;
                }
                // Into the file createTempFile made owner-only, not Files.copy(REPLACE_EXISTING):
                // that deletes it and creates a new one with the umask's permissions, and frees
                // the name in /tmp for a moment. Code on the bootstrap path must stay ours.
                try (OutputStream out = Files.newOutputStream(jar, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    in.transferTo(out);
                }
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            return onBootPath();
        } catch (Throwable t) {
            Console.say("cannot put the bridge on the bootstrap class path (" + Console.describe(t)
                    + "); the agent is inactive, the application runs without it");
            return false;
        }
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
