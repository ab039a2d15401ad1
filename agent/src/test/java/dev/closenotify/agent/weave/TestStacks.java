package dev.closenotify.agent.weave;

import dev.closenotify.agent.stacks.StackRegistry;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.patch.EntryPatch;
import java.util.ArrayList;
import java.util.List;

/** The real stacks' hooks and tracking, and transformers for test targets. */
public final class TestStacks {

    public static final StackRegistry.Defined DEFINED = StackRegistry.define();
    public static final List<Weaver> WEAVERS = List.of(new EntryPatch(), new AsmWeaver());

    private TestStacks() {
    }

    public static List<Hook> hooks() {
        return DEFINED.hooks();
    }

    public static List<Tracking> trackings() {
        return DEFINED.trackings();
    }

    /** The real hook in {@code internalClassName}, or null. */
    public static Hook hook(String internalClassName) {
        for (Hook hook : hooks()) {
            if (hook.internalClassName().equals(internalClassName)) {
                return hook;
            }
        }
        return null;
    }

    /** JDK-class targets (boot or platform loader) named by these hooks. */
    public static Targets jdkTargets(List<Hook> hooks) {
        List<String> names = new ArrayList<>();
        for (Hook hook : hooks) {
            names.add(hook.internalClassName());
        }
        return new Targets().add(names.toArray(new String[0]), true);
    }
}
