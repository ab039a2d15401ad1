package dev.closenotify.agent.stacks;

import dev.closenotify.agent.detect.EofSource;
import dev.closenotify.agent.stacks.bcjsse.BcTargets;
import dev.closenotify.agent.stacks.httpclient.HttpClientTargets;
import dev.closenotify.agent.stacks.httpcore.HttpCoreTargets;
import dev.closenotify.agent.stacks.jsse.JsseTargets;
import dev.closenotify.agent.stacks.netty.NettyTargets;
import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;
import dev.closenotify.agent.stacks.tomcat.TomcatTargets;
import dev.closenotify.agent.stacks.undertow.UndertowTargets;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Tracking;
import java.util.ArrayList;
import java.util.List;

/**
 * Every TLS stack the agent covers. Adding a stack is a folder of its own under {@code stacks}
 * and one line here; the premain filter, the start-up line, the transformer and the handler all
 * take their stacks from this list.
 */
public final class StackRegistry {

    private static final StackTargets[] STACKS = {
        new JsseTargets(),
        new HttpClientTargets(),
        new NettyTargets(),
        new HttpCoreTargets(),
        new UndertowTargets(),
        new TomcatTargets(),
        new BcTargets(),
    };

    private StackRegistry() {
    }

    /** The classes to rewrite, for the premain filter: strings only. */
    public static Targets targets() {
        Targets targets = new Targets();
        for (StackTargets stack : STACKS) {
            targets.add(stack.classes(), stack.jdk());
        }
        return targets;
    }

    /** {@code SSLSocketImpl.handleEOF, SSLEngineImpl.closeInbound, ...}: for the start-up line. */
    public static String hookNames() {
        StringBuilder names = new StringBuilder();
        for (StackTargets stack : STACKS) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(stack.hookNames());
        }
        return names.toString();
    }

    /** Defines every stack, numbering their hooks one after another. */
    public static Defined define() {
        List<Stack> stacks = new ArrayList<>();
        int next = 0;
        for (StackTargets targets : STACKS) {
            Stack stack = targets.define(next);
            stacks.add(stack);
            next += stack.sources().size();
        }
        return new Defined(List.copyOf(stacks));
    }

    /** The defined stacks, and what the transformer and the handler take from them. */
    public record Defined(List<Stack> stacks) {

        public List<Hook> hooks() {
            List<Hook> hooks = new ArrayList<>();
            for (Stack stack : stacks) {
                hooks.addAll(stack.hooks());
            }
            return hooks;
        }

        public List<Tracking> trackings() {
            List<Tracking> trackings = new ArrayList<>();
            for (Stack stack : stacks) {
                trackings.addAll(stack.trackings());
            }
            return trackings;
        }

        /** Every stack's sources, indexed by hook number. */
        public EofSource[] sources() {
            List<EofSource> sources = new ArrayList<>();
            for (Stack stack : stacks) {
                sources.addAll(stack.sources());
            }
            return sources.toArray(new EofSource[0]);
        }
    }
}
