package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HarmTest {

    @Test
    void byIdTakesExactlyTheIds() {
        assertEquals(Harm.NONE, Harm.byId("none"));
        assertEquals(Harm.DETECTED, Harm.byId("detected"));
        assertEquals(Harm.SILENT, Harm.byId("silent"));
        assertEquals(Harm.UNKNOWN, Harm.byId("unknown"));
        for (Harm harm : Harm.values()) {
            assertEquals(harm, Harm.byId(harm.id()));
        }
        // Trimming is the caller's choice (config trims), so byId does none.
        for (String other : new String[] {null, "", " silent", "SILENT", "Silent", "harmless",
                "sil\u0435nt"}) {
            assertNull(Harm.byId(other), String.valueOf(other));
        }
    }
}
