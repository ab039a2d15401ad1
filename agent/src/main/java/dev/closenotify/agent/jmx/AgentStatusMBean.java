package dev.closenotify.agent.jmx;

/**
 * The management interface registered as {@code closenotify:type=Agent}. Attribute names are
 * public interface: scripts read them, so extend, never rename.
 */
public interface AgentStatusMBean {

    long getTruncations();

    /**
     * Truncations that cut a close-delimited response body in flight: the application took the
     * cut body as whole (the truncation attack). This and the next three add up to
     * {@link #getTruncations()}.
     */
    long getSilentTruncations();

    /** Truncations that cut a self-delimited message: the application's own parser sees it. */
    long getDetectedTruncations();

    /** Truncations at a message boundary: by the framing, no message was cut. */
    long getHarmlessTruncations();

    /** Truncations the framing could not judge: framing off, not HTTP, or not tracked. */
    long getUnknownHarmTruncations();

    long getHandshakeEofs();

    long getAfterLocalClose();

    long getThrown();

    /** Events from peers matching {@code closenotify.exclude}: counted here only. */
    long getExcluded();

    String getPolicy();

    /** Same effect as setting {@code closenotify.policy}; the property is updated too. */
    void setPolicy(String policy);

    /** Each hook and its state, e.g. {@code SSLSocketImpl.handleEOF=applied}. */
    String getHooks();

    /** The agent's version. */
    String getVersion();

    /**
     * Writes the JSON report to {@code closenotify.report} now.
     *
     * @return the path written
     */
    String writeReport();
}
