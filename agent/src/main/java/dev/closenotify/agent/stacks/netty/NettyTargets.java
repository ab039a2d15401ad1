package dev.closenotify.agent.stacks.netty;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/**
 * Netty's {@code SslHandler} and netty-tcnative's OpenSSL engine, and the copies gRPC relocates
 * into {@code grpc-netty-shaded}. Strings only (see {@link StackTargets}).
 */
public final class NettyTargets extends StackTargets {

    static final String NETTY = "io/netty/";
    static final String GRPC_SHADED = "io/grpc/netty/shaded/io/netty/";
    static final String HANDLER = "handler/ssl/SslHandler";
    static final String OPENSSL_ENGINE = "handler/ssl/ReferenceCountedOpenSslEngine";

    public NettyTargets() {
        super(false, "SslHandler.channelInactive, SslHandler.channelInactive (io.grpc.netty.shaded)",
                NETTY + HANDLER, GRPC_SHADED + HANDLER,
                NETTY + OPENSSL_ENGINE, GRPC_SHADED + OPENSSL_ENGINE);
    }

    @Override
    public Stack define(int firstHook) {
        return NettyStack.define(firstHook);
    }
}
