package dev.closenotify.agent.stacks.spi;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An event's peer: the host as the application named it where the library kept it (an
 * engine's peer host), else the connection's host string, never a DNS lookup; the address and
 * port of the connection where the library knows it.
 */
public record Peer(String host, String address, int port) {

    /**
     * @param remote the connection's remote address, or null
     * @param namedHost the host the application named (an engine's peer host), or null
     * @param namedPort its port, or -1
     */
    public static Peer of(InetSocketAddress remote, String namedHost, int namedPort) {
        if (remote == null) {
            return new Peer(namedHost, null, namedPort);
        }
        InetAddress inet = remote.getAddress();
        return new Peer(namedHost != null ? namedHost : remote.getHostString(),
                inet == null ? null : inet.getHostAddress(), remote.getPort());
    }
}
