package dev.closenotify.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar closenotify-agent.jar <verb>}: list JVMs, attach the agent to a running one,
 * read its counters, change its policy. Exit codes: 0 done, 1 failed, 2 usage error.
 */
public final class Cli {

    static final String USAGE = String.join("\n",
            "usage: java -jar closenotify-agent.jar <command>",
            "",
            "commands:",
            "  list                            local JVMs that can be attached to, and whether",
            "                                  the agent is already in them",
            "  attach <pid> [key=value,...]    load the agent into a running JVM (same keys as",
            "                                  -javaagent arguments, e.g. policy=count)",
            "  status <pid>                    the agent's policy, counters (truncations also by",
            "                                  harm: silent, detected, harmless, unknown) and hooks",
            "                                  in that JVM",
            "  set <pid> policy=<p>            change the policy (off|count|log|throw); the only",
            "                                  setting that can change at run time",
            "  --help                          this text",
            "");

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (verb) {
                case "list":
                    expect(rest, 0, 0, "list");
                    return new Commands(out, err).list();
                case "attach":
                    expect(rest, 1, 2, "attach <pid> [key=value,...]");
                    return new Commands(out, err).attach(pid(rest.get(0)),
                            rest.size() > 1 ? rest.get(1) : "");
                case "status":
                    expect(rest, 1, 1, "status <pid>");
                    return new Commands(out, err).status(pid(rest.get(0)));
                case "set":
                    expect(rest, 2, 2, "set <pid> policy=<off|count|log|throw>");
                    return new Commands(out, err).set(pid(rest.get(0)), rest.get(1));
                default:
                    throw new UsageException("unknown command '" + verb + "'");
            }
        } catch (UsageException e) {
            err.println("closenotify: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static void expect(List<String> rest, int min, int max, String form)
            throws UsageException {
        if (rest.size() < min || rest.size() > max) {
            throw new UsageException("expected: " + form);
        }
    }

    private static String pid(String text) throws UsageException {
        if (!text.matches("\\d{1,10}")) {
            throw new UsageException("'" + text + "' is not a process id");
        }
        return text;
    }

    /** A mistake in the command line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
