package dev.closenotify.agent.weave.hook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes the agent rewrites, by the names the JVM gives transformers, each with the rule for
 * the loaders it may come from. Strings only: the premain filter checks every class load against
 * them without loading the hook definitions, the weavers or anything else.
 */
public final class Targets {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    /** Internal name to whether it is a JDK class (boot or platform loader only). */
    private final Map<String, Boolean> jdkOnly = new HashMap<>();
    /** The same, by binary name, for classes already loaded ({@code Class.getName()}). */
    private final Map<String, Boolean> jdkOnlyByBinaryName = new HashMap<>();
    private final List<String> binaryNames = new ArrayList<>();

    /** Adds classes of one stack; {@code jdk}: they are JDK classes, else library classes. */
    public Targets add(String[] internalNames, boolean jdk) {
        for (String name : internalNames) {
            Boolean rule = jdk ? Boolean.TRUE : Boolean.FALSE;
            if (jdkOnly.put(name, rule) == null) {
                String binaryName = name.replace('/', '.');
                binaryNames.add(binaryName);
                jdkOnlyByBinaryName.put(binaryName, rule);
            }
        }
        return this;
    }

    public boolean contains(String internalName) {
        return internalName != null && jdkOnly.containsKey(internalName);
    }

    /**
     * Whether this class, defined by this loader, is a target: JDK classes only from the boot or
     * platform loader (a class-path class of the same name is not JSSE), library classes from any.
     */
    public boolean accepts(String internalName, ClassLoader loader) {
        return internalName != null && accepts(jdkOnly.get(internalName), loader);
    }

    /** {@link #accepts} for a loaded class, by {@code Class.getName()}. */
    public boolean acceptsLoaded(Class<?> type) {
        return accepts(jdkOnlyByBinaryName.get(type.getName()), type.getClassLoader());
    }

    private static boolean accepts(Boolean jdk, ClassLoader loader) {
        if (jdk == null) {
            return false;
        }
        return !jdk.booleanValue() || loader == null || loader == PLATFORM;
    }

    /** Every target in binary form ({@code a.b.C$D}), to find those loaded before the agent. */
    public List<String> binaryNames() {
        return binaryNames;
    }
}
