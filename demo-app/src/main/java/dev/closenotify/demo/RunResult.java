package dev.closenotify.demo;

/**
 * One finished run.
 *
 * @param agent the agent's counter delta for the run ({@link AgentCounters#describeDelta()}),
 *              or null when no agent is attached
 * @param harm  the harm verdicts of the run's truncations ({@link AgentCounters#describeHarm()}),
 *              or null when it had none, no agent is attached or the agent has no harm counters
 */
record RunResult(Combination run, Outcome outcome, String agent, String harm) {

    /** A run with no harm verdict to show. */
    RunResult(Combination run, Outcome outcome, String agent) {
        this(run, outcome, agent, null);
    }
}
