package dev.closenotify.agent.model;

import java.util.Optional;

/** Finds the first stack frame that belongs to neither the JDK nor the agent. */
public final class CallSite {

    private static final String[] INFRASTRUCTURE = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.closenotify.agent.", "dev.closenotify.bridge."
    };

    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallSite() {
    }

    public static String find() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !isInfrastructure(f.getClassName()))
                .findFirst());
        return frame.map(CallSite::format).orElse(null);
    }

    static boolean isInfrastructure(String className) {
        for (String prefix : INFRASTRUCTURE) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String format(StackWalker.StackFrame frame) {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        String where = file == null ? "unknown source" : (line >= 0 ? file + ":" + line : file);
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
