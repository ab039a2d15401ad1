package dev.closenotify.agent.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.stacks.jsse.JsseTargets;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.TargetFilter;
import dev.closenotify.agent.weave.TestStacks;
import dev.closenotify.agent.weave.Transformer;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.HookState;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Tracking;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackRegistryTest {

    @Test
    void namesMatchTheHookAndTrackingDefinitions() throws Exception {
        StackRegistry.Defined defined = StackRegistry.define();
        Targets targets = StackRegistry.targets();
        Set<String> classes = new LinkedHashSet<>();
        List<String> hookNames = new ArrayList<>();
        for (Hook hook : defined.hooks()) {
            classes.add(hook.internalClassName());
            hookNames.add(hook.displayName());
        }
        for (Tracking tracking : defined.trackings()) {
            classes.add(tracking.internalClassName());
        }
        Set<String> binary = new LinkedHashSet<>();
        for (String name : classes) {
            assertTrue(targets.contains(name), name);
            binary.add(name.replace('/', '.'));
        }
        assertEquals(binary, new LinkedHashSet<>(targets.binaryNames()));
        // Loaded classes are matched by Class.getName() (a live attach, classes loaded early).
        // (The libraries' classes come from this module's test-scope dependencies.)
        for (String name : binary) {
            assertTrue(targets.acceptsLoaded(Class.forName(name, false,
                    ClassLoader.getSystemClassLoader())), name);
        }
        assertEquals(String.join(", ", hookNames), StackRegistry.hookNames());
        assertEquals(new LinkedHashSet<>(new Transformer(targets, defined.hooks(),
                defined.trackings(), TestStacks.WEAVERS).targetClassNames()), binary);
    }

    /** One numbering: the number a hook passes to the bridge indexes its own stack's source. */
    @Test
    void everyHookPassesTheNumberOfASourceOfItsOwnStack() {
        StackRegistry.Defined defined = StackRegistry.define();
        EofSource[] sources = defined.sources();
        int first = 0;
        for (Stack stack : defined.stacks()) {
            // A stack may have more sources than hooks: tracking code can call the bridge too
            // (Undertow's claim at notifyReadClosed).
            assertTrue(stack.hooks().size() <= stack.sources().size(), stack.name());
            for (Hook hook : stack.hooks()) {
                if (hook.entryCall() != null) {
                    EntryCall.Arg number = hook.entryCall().args().get(0);
                    assertEquals(EntryCall.Arg.Kind.INT, number.kind(), hook.displayName());
                    int index = number.value() - first;
                    assertTrue(index >= 0 && index < stack.sources().size(), hook.displayName());
                    assertTrue(sources[number.value()] == stack.sources().get(index));
                }
            }
            first += stack.sources().size();
        }
        assertEquals(first, sources.length);
    }

    @Test
    void filterPassesOnlyTargetsOfTheBootAndPlatformLoaders() {
        int[] asked = new int[1];
        StackRegistry.Defined defined = StackRegistry.define();
        Targets targets = StackRegistry.targets();
        TargetFilter filter = new TargetFilter(targets, () -> new Transformer(targets,
                defined.hooks(), defined.trackings(), TestStacks.WEAVERS, () -> {
                    asked[0]++;
                    return false;
                }));
        byte[] bytes = new byte[] {1, 2, 3};
        assertNull(filter.transform(null, null, "sun/security/ssl/SSLContextImpl", null, null,
                bytes));
        assertNull(filter.transform(null, getClass().getClassLoader(), JsseTargets.SOCKET, null,
                null, bytes));
        assertNull(filter.transform(null, null, null, null, null, bytes));
        assertEquals(0, asked[0]);
        assertFalse(targets.acceptsLoaded(String.class));
        assertFalse(targets.acceptsLoaded(getClass()));
        String socket = JsseTargets.SOCKET.replace('/', '.');
        assertFalse(filter.handled(socket));
        // A target: the gate is asked (closed here), the class left alone, the state recorded.
        assertNull(filter.transform(null, null, JsseTargets.SOCKET, null, null, bytes));
        assertEquals(1, asked[0]);
        Hook socketEof = TestStacks.hook(JsseTargets.SOCKET);
        assertNotNull(socketEof);
        assertEquals(HookState.INACTIVE, filter.transformer().state(socketEof));
        assertTrue(filter.handled(socket));
    }
}
