package dev.closenotify.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One run of the demo: a scenario over one transport and one TLS version. */
record Combination(Scenario scenario, Transport transport, TlsVersion tls) {

    /**
     * Every applicable combination, always in declaration order (scenario, then transport, then
     * version) regardless of the order the user listed them, so outputs are comparable.
     */
    static List<Combination> matrix(Collection<Scenario> scenarios, Collection<Transport> transports,
                                    Collection<TlsVersion> versions) {
        List<Combination> runs = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            if (!scenarios.contains(s)) {
                continue;
            }
            for (Transport t : Transport.values()) {
                if (!transports.contains(t)) {
                    continue;
                }
                for (TlsVersion v : TlsVersion.values()) {
                    if (versions.contains(v) && s.appliesTo(t, v)) {
                        runs.add(new Combination(s, t, v));
                    }
                }
            }
        }
        return runs;
    }

    @Override
    public String toString() {
        return scenario.id() + "/" + transport.id() + "/TLS " + tls.id();
    }
}
