package dev.closenotify.agent.stacks.jsse;

import java.lang.invoke.MethodHandles;

/**
 * The JVM's one resolved {@link JsseAccess}, from the first trusted lookup woven JSSE code
 * hands over; shared by every stack that reads SunJSSE objects (the JDK HttpClient's too).
 */
public final class JsseLookup {

    private static volatile JsseAccess access;

    private JsseLookup() {
    }

    /**
     * Accepts a lookup only if it was created inside {@code sun.security.ssl} with private access:
     * only JSSE code (our woven call) can make one, so no caller can plant a bogus one. It is
     * resolved into {@link JsseAccess} at once and never kept: a full-privilege lookup of
     * java.base in a field of the agent could be taken by reflection by any class-path code.
     *
     * @return the access, or null while no trusted lookup has come
     */
    public static JsseAccess offer(MethodHandles.Lookup jsse) {
        JsseAccess current = access;
        if (current == null && jsse != null
                && jsse.lookupClass().getName().startsWith("sun.security.ssl.")
                && (jsse.lookupModes() & MethodHandles.Lookup.PRIVATE) != 0) {
            // Racing first events may both resolve; the handles are equivalent, either may win.
            current = new JsseAccess(jsse);
            access = current;
        }
        return current;
    }

    /** The access if a trusted lookup has come, else null. */
    public static JsseAccess current() {
        return access;
    }
}
