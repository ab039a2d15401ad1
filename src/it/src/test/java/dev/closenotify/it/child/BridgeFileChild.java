package dev.closenotify.it.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A child program for the integration tests: says whether the bridge is on the bootstrap path
 * before and after the first TLS use ({@code BEFORE_TLS}/{@code AFTER_TLS true|false}), then
 * prints the agent's bootstrap bridge jar, as the JVM holds it open (found through /proc/self/maps, since the JVM does not publish appended
 * entries in a property), with its POSIX permissions: {@code BRIDGE <path> <permissions>}.
 */
public final class BridgeFileChild {

    private BridgeFileChild() {
    }

    public static void main(String[] args) throws Exception {
        // The agent puts the bridge on the bootstrap path only when JSSE is first used.
        System.out.println("BEFORE_TLS " + bridgeLoadable());
        SSLContext.getDefault().createSSLEngine(); // loads SSLEngineImpl
        System.out.println("AFTER_TLS " + bridgeLoadable());
        Set<String> jars = new TreeSet<>();
        try (Stream<String> maps = Files.lines(Paths.get("/proc/self/maps"))) {
            maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(name -> name.matches(".*/closenotify-bridge-[^/]*\\.jar"))
                    .forEach(jars::add);
        }
        for (String jar : jars) {
            Path path = Paths.get(jar);
            System.out.println("BRIDGE " + path + " "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        }
        System.out.flush();
        System.exit(0);
    }

    private static boolean bridgeLoadable() {
        try {
            Class.forName("dev.closenotify.bridge.Bridge", true, null); // the JVM opens the jar
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
