package dev.closenotify.agent.stacks.tomcat;

import dev.closenotify.agent.stacks.spi.Stack;
import dev.closenotify.agent.stacks.spi.StackTargets;

/** Tomcat's NIO TLS channel, {@code org.apache.tomcat.util.net.SecureNioChannel}. Strings only. */
public final class TomcatTargets extends StackTargets {

    static final String CHANNEL = "org/apache/tomcat/util/net/SecureNioChannel";

    public TomcatTargets() {
        super(false, "SecureNioChannel.read", CHANNEL);
    }

    @Override
    public Stack define(int firstHook) {
        return TomcatStack.define(firstHook);
    }
}
