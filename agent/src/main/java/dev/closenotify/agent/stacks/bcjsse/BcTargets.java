package dev.closenotify.agent.stacks.bcjsse;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/**
 * BouncyCastle's TLS protocol engine, {@code org.bouncycastle.tls.TlsProtocol}: under the
 * BCJSSE provider's sockets and engines alike. Strings only.
 */
public final class BcTargets extends StackTargets {

    static final String PROTOCOL = "org/bouncycastle/tls/TlsProtocol";

    public BcTargets() {
        super(false, "TlsProtocol.safeReadRecord", PROTOCOL);
    }

    @Override
    public Stack define(int firstHook) {
        return BcStack.define(firstHook);
    }
}
