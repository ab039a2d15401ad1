package dev.closenotify.agent.stacks.undertow;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/** Undertow's TLS conduit, {@code io.undertow.protocols.ssl.SslConduit}. Strings only. */
public final class UndertowTargets extends StackTargets {

    static final String CONDUIT = "io/undertow/protocols/ssl/SslConduit";

    public UndertowTargets() {
        super(false, "SslConduit.doUnwrap", CONDUIT);
    }

    @Override
    public Stack define(int firstHook) {
        return UndertowStack.define(firstHook);
    }
}
