package dev.closenotify.agent.stacks.undertow;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import java.util.List;

/**
 * Undertow's {@code SslConduit} calls {@code engine.closeInbound()} from {@code notifyReadClosed},
 * which runs both at the transport EOF and when Undertow closes the connection itself (its
 * {@code closed()}, {@code terminateReads()}, {@code notifyWriteClosed()}): the engine's own hook
 * took Undertow's idle timeout and a handler's close for peer truncations. So:
 * <ul>
 * <li>{@code doUnwrap}, before its {@code notifyReadClosed()} calls (the network read gave -1,
 *     or unwrap returned CLOSED): the EOF, judged from the conduit's state, {@code stack=undertow};
 * <li>{@code notifyReadClosed} at its entry: every other way in is Undertow's own close, so the
 *     engine is claimed with no event and its {@code closeInbound} hook stays quiet (after the
 *     EOF above it finds the engine taken already).
 * </ul>
 */
final class UndertowStack {

    static final String ENGINE = "Ljavax/net/ssl/SSLEngine;";

    private UndertowStack() {
    }

    static Stack define(int firstHook) {
        EntryCall eof = call(firstHook);
        Hook unwrapEnd = new Hook(UndertowTargets.CONDUIT, "doUnwrap", "([Ljava/nio/ByteBuffer;II)J",
                Site.beforeCall("notifyReadClosed", "()V"), Emitters.entryCall(eof),
                eof.fields(UndertowTargets.CONDUIT), "Undertow truncation is not detected");
        // One hook per class: the claim at notifyReadClosed's entry goes in as tracking code
        // (applied when the class loads, as every library class does after the agent).
        EntryCall claim = call(firstHook + 1);
        Tracking readClosed = new Tracking(UndertowTargets.CONDUIT, List.of(),
                List.of(new Tracking.Point("notifyReadClosed", "()V", Site.ENTRY,
                        Emitters.entryCall(claim))),
                null, claim.fields(UndertowTargets.CONDUIT));
        return new Stack("undertow", List.of(unwrapEnd), List.of(readClosed),
                List.of(new ConduitEof(true), new ConduitEof(false)));
    }

    /** {@code Bridge.eof(hook, this, this.engine, null, MethodHandles.lookup())}. */
    static EntryCall call(int hook) {
        return EntryCall.eof(hook, "engine", ENGINE, -1);
    }
}
