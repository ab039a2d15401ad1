package dev.closenotify.agent.detect;

import dev.closenotify.agent.config.Exemption;
import dev.closenotify.agent.model.Exchange;

/** Which {@code throw} exemption, if any, an exchange state falls under. */
final class Exemptions {

    private Exemptions() {
    }

    /** @return the exemption, or null when none can apply (every other state throws) */
    static Exemption of(Exchange exchange) {
        switch (exchange) {
            case IDLE:
                return Exemption.IDLE;
            case AWAITING:
                return Exemption.AWAITING;
            default:
                return null;
        }
    }
}
