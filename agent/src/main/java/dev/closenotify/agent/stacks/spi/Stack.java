package dev.closenotify.agent.stacks.spi;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Tracking;
import java.util.List;

/**
 * One TLS stack, defined: what is woven into its classes and what turns each hook's bridge call
 * into an event.
 *
 * @param name the stack's name (for messages and tests)
 * @param sources by hook number, counted from the stack's first: a hook numbered
 *     {@code firstHook + i} is answered by {@code sources.get(i)}
 */
public record Stack(String name, List<Hook> hooks, List<Tracking> trackings,
        List<EofSource> sources) {
}
