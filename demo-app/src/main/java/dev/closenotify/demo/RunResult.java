package dev.closenotify.demo;

/**
 * One finished run.
 *
 * @param agent the agent's counter delta for the run ({@link AgentCounters#describeDelta()}),
 *              or null when no agent is attached
 */
record RunResult(Combination run, Outcome outcome, String agent) {
}
