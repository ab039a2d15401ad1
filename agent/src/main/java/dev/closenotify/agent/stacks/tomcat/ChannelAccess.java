package dev.closenotify.agent.stacks.tomcat;

import dev.closenotify.agent.stacks.spi.Handles;
import dev.closenotify.agent.util.Console;
import dev.closenotify.agent.weave.hook.TrackingFields;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;

/**
 * What the agent reads from Tomcat's {@code SecureNioChannel}, resolved once per class: its
 * engine, handshake and closing flags, the bytes of a ClientHello it holds, its socket and the
 * agent's claim field. Tomcat's classes live on the class path (an unnamed module), so the
 * agent's own lookup may enter them ({@code privateLookupIn}).
 */
final class ChannelAccess {

    final Class<?> owner;
    private final MethodHandle engine;
    private final MethodHandle handshakeComplete;
    private final MethodHandle closing;
    private final MethodHandle netInBuffer;
    private final MethodHandle socket;
    private final VarHandle claimed;

    private ChannelAccess(Class<?> owner, MethodHandles.Lookup in) {
        this.owner = owner;
        engine = Handles.getter(in, owner, "sslEngine");
        handshakeComplete = Handles.getter(in, owner, "handshakeComplete");
        closing = Handles.getter(in, owner, "closing");
        netInBuffer = Handles.getter(in, owner, "netInBuffer");
        socket = Handles.method(in, owner, "getIOChannel", SocketChannel.class);
        VarHandle claim;
        try {
            claim = in.findVarHandle(owner, TrackingFields.CLAIMED, long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            claim = null; // Loaded before the agent: hooked, but no fields could be added.
        }
        claimed = claim;
    }

    /** The access for {@code SecureNioChannel} among {@code channel}'s classes, or null. */
    static ChannelAccess of(Object channel) {
        String name = TomcatTargets.CHANNEL.replace('/', '.');
        for (Class<?> c = channel.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                try {
                    return new ChannelAccess(c, MethodHandles.privateLookupIn(c,
                            MethodHandles.lookup()));
                } catch (IllegalAccessException | RuntimeException e) {
                    Console.sayOnce("tomcat-access", name + " cannot be read by the agent ("
                            + Console.describe(e) + "); its truncations are not detected");
                    return null;
                }
            }
        }
        return null;
    }

    /** What could not be resolved, or null. */
    String missing() {
        return engine == null ? "field sslEngine"
                : handshakeComplete == null ? "field handshakeComplete"
                : closing == null ? "field closing"
                : null;
    }

    SSLEngine engine(Object channel) {
        Object value = Handles.read(engine, channel);
        return value instanceof SSLEngine ? (SSLEngine) value : null;
    }

    boolean handshakeComplete(Object channel) {
        return Boolean.TRUE.equals(Handles.read(handshakeComplete, channel));
    }

    boolean closing(Object channel) {
        return Boolean.TRUE.equals(Handles.read(closing, channel));
    }

    /** How many network bytes the channel holds unprocessed (a partial ClientHello), or -1. */
    int heldBytes(Object channel) {
        Object value = Handles.read(netInBuffer, channel);
        return value instanceof ByteBuffer ? ((ByteBuffer) value).position() : -1;
    }

    /** True for the first caller on this connection, false after; null without the field. */
    Boolean claim(Object channel) {
        if (claimed == null) {
            return null;
        }
        try {
            return claimed.compareAndSet(channel, 0L, 1L);
        } catch (RuntimeException e) {
            return null;
        }
    }

    InetSocketAddress remote(Object channel) {
        Object sc = Handles.read(socket, channel);
        try {
            SocketAddress a = sc instanceof SocketChannel ? ((SocketChannel) sc).getRemoteAddress() : null;
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    InetSocketAddress local(Object channel) {
        Object sc = Handles.read(socket, channel);
        try {
            SocketAddress a = sc instanceof SocketChannel ? ((SocketChannel) sc).getLocalAddress() : null;
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
