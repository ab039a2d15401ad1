package dev.closenotify.it.child;

import dev.closenotify.demo.DemoMain;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A child program for the integration tests whose SLF4J and logback live only in a nested class
 * loader, as in a fat jar or a servlet container: the system class loader cannot see them. The
 * reading thread's context class loader is set to that loader, as those containers do.
 *
 * <p>Usage: {@code NestedLoaderChild <path-separated jars> <demo args...>}
 */
public final class NestedLoaderChild {

    private NestedLoaderChild() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String jar : args[0].split(File.pathSeparator)) {
            urls.add(new File(jar).toURI().toURL());
        }
        try (URLClassLoader nested = new URLClassLoader(urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader())) {
            boolean visibleToSystem;
            try {
                Class.forName("org.slf4j.LoggerFactory", false, ClassLoader.getSystemClassLoader());
                visibleToSystem = true;
            } catch (ClassNotFoundException expected) {
                visibleToSystem = false;
            }
            System.out.println("SYSTEM_LOADER_SEES_SLF4J " + visibleToSystem);
            Thread.currentThread().setContextClassLoader(nested);
            String[] demoArgs = new String[args.length - 1];
            System.arraycopy(args, 1, demoArgs, 0, demoArgs.length);
            int code = DemoMain.run(demoArgs, System.out, System.err);
            System.out.flush();
            System.exit(code);
        }
    }
}
