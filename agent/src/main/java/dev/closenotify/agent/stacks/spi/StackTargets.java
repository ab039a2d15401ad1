package dev.closenotify.agent.stacks.spi;

/**
 * What the premain filter knows of one stack: the classes it rewrites, by name only, and how the
 * start-up line names its hooks. Loading it loads nothing else; {@link #define} loads the rest of
 * the stack, once, when the first target class of any stack arrives.
 */
public abstract class StackTargets {

    private final boolean jdk;
    private final String hookNames;
    private final String[] classes;

    /**
     * @param jdk whether the classes are JDK classes (boot or platform loader only) rather than a
     *     library's (any loader that sees the bridge)
     * @param hookNames the hooks as the start-up line names them; a test keeps it equal to what
     *     {@link #define} returns
     * @param classes the internal names of every class the stack's hooks and tracking rewrite
     */
    protected StackTargets(boolean jdk, String hookNames, String... classes) {
        this.jdk = jdk;
        this.hookNames = hookNames;
        this.classes = classes;
    }

    public boolean jdk() {
        return jdk;
    }

    public String hookNames() {
        return hookNames;
    }

    public String[] classes() {
        return classes.clone();
    }

    /**
     * The stack's hooks, tracking and event sources.
     *
     * @param firstHook the number of its first hook; its sources are numbered from there, in
     *     order, and its hooks pass those numbers to the bridge
     */
    public abstract Stack define(int firstHook);
}
