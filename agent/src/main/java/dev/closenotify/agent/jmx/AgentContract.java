package dev.closenotify.agent.jmx;

import dev.closenotify.agent.config.AgentOptions;
import java.util.List;

/**
 * The agent's public management contract, in one place: the MBean's name and attribute names,
 * and the system property that says the agent is active. The MBean, the CLI and the tests use
 * these; users' scripts depend on them, so names are only ever added, never renamed.
 */
public final class AgentContract {

    /** The name the MBean is registered under. */
    public static final String OBJECT_NAME = "closenotify:type=Agent";

    /** Set to the agent's version once it is active in a JVM (also read by the CLI's attach). */
    public static final String ACTIVE_PROPERTY = AgentOptions.PREFIX + AgentOptions.ACTIVE;

    public static final String TRUNCATIONS = "Truncations";
    /** Truncations by harm verdict; the four add up to {@link #TRUNCATIONS}. */
    public static final String SILENT_TRUNCATIONS = "SilentTruncations";
    public static final String DETECTED_TRUNCATIONS = "DetectedTruncations";
    public static final String HARMLESS_TRUNCATIONS = "HarmlessTruncations";
    public static final String UNKNOWN_HARM_TRUNCATIONS = "UnknownHarmTruncations";
    public static final String HANDSHAKE_EOFS = "HandshakeEofs";
    public static final String AFTER_LOCAL_CLOSE = "AfterLocalClose";
    public static final String EXCLUDED = "Excluded";
    public static final String THROWN = "Thrown";
    public static final String POLICY = "Policy";
    public static final String HOOKS = "Hooks";
    public static final String VERSION = "Version";

    /** What the CLI's {@code status} prints, in order. */
    public static final List<String> STATUS_ATTRIBUTES = List.of(POLICY, TRUNCATIONS,
            SILENT_TRUNCATIONS, DETECTED_TRUNCATIONS, HARMLESS_TRUNCATIONS,
            UNKNOWN_HARM_TRUNCATIONS, HANDSHAKE_EOFS, AFTER_LOCAL_CLOSE, EXCLUDED, THROWN, HOOKS);

    private AgentContract() {
    }
}
