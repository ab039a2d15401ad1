package dev.closenotify.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsseTargetsTest {

    @Test
    void namesMatchTheHookAndTrackingDefinitions() {
        Set<String> defined = new LinkedHashSet<>();
        List<String> hookNames = new ArrayList<>();
        for (Hook hook : Hook.JSSE) {
            defined.add(hook.internalClassName());
            hookNames.add(hook.displayName());
        }
        for (Tracking tracking : Tracking.JSSE) {
            defined.add(tracking.internalClassName());
        }
        Set<String> binary = new LinkedHashSet<>();
        for (String name : defined) {
            assertTrue(JsseTargets.contains(name), name);
            binary.add(name.replace('/', '.'));
        }
        assertEquals(binary, new LinkedHashSet<>(JsseTargets.BINARY_NAMES));
        assertEquals(String.join(", ", hookNames), JsseTargets.HOOK_NAMES);
        assertEquals(new LinkedHashSet<>(new JsseTransformer(Hook.JSSE, Tracking.JSSE)
                .targetClassNames()), binary);
    }

    @Test
    void filterPassesOnlyTargetsOfTheBootAndPlatformLoaders() {
        int[] asked = new int[1];
        JsseClassFilter filter = new JsseClassFilter(() -> {
            asked[0]++;
            return false;
        });
        byte[] bytes = new byte[] {1, 2, 3};
        assertNull(filter.transform(null, null, "sun/security/ssl/SSLContextImpl", null, null,
                bytes));
        assertNull(filter.transform(null, getClass().getClassLoader(), JsseTargets.SOCKET, null,
                null, bytes));
        assertNull(filter.transform(null, null, null, null, null, bytes));
        assertEquals(0, asked[0]);
        assertFalse(filter.handled(JsseTargets.BINARY_NAMES.get(0)));
        // A target: the gate is asked (closed here), the class left alone, the state recorded.
        assertNull(filter.transform(null, null, JsseTargets.SOCKET, null, null, bytes));
        assertEquals(1, asked[0]);
        assertEquals(HookState.INACTIVE, filter.transformer().state(Hook.SOCKET_EOF));
        assertTrue(filter.handled(JsseTargets.BINARY_NAMES.get(0)));
    }
}
