package dev.closenotify.agent.report;

/**
 * The management interface registered as {@code closenotify:type=Agent}. Attribute names are
 * public interface: scripts read them, so extend, never rename.
 */
public interface AgentStatusMBean {

    long getTruncations();

    long getHandshakeEofs();

    long getAfterLocalClose();

    long getThrown();

    String getPolicy();

    /** Same effect as setting {@code closenotify.policy}; the property is updated too. */
    void setPolicy(String policy);

    /** Each hook and its state, e.g. {@code SSLSocketImpl.handleEOF=applied}. */
    String getHooks();
}
