package dev.closenotify.agent.model;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.util.Text;

/**
 * One transport EOF that arrived without the peer's close_notify. Metadata only: no application
 * data is ever read or kept. Fields the JDK did not let us read are {@code null} or -1.
 *
 * @param stack the library whose code met the EOF ({@code jsse-socket}, {@code jsse-engine},
 *     {@code jdk-httpclient}, ...): a public value, extended but never renamed
 * @param peerHost the host as the application named it, or the address literal
 * @param peerAddress the peer's IP address literal when known (sockets), never from DNS
 * @param peerPort the peer's port, or -1
 * @param localPort our port, or -1 (engines do not know it)
 * @param midRecord true when the EOF cut a TLS record, false when it fell between records
 * @param exchange what the connection was doing (a triage hint)
 * @param harm whether, by the protocol's framing, a message could have been cut unnoticed
 * @param framing the framing rule behind {@code harm}
 * @param bytesIn application bytes received on the connection, or -1
 * @param bytesOut application bytes sent on the connection, or -1
 * @param quietMs time since the last application I/O, or -1
 * @param ageMs time since the connection was created, or -1
 * @param callSite the first stack frame outside the JDK and the agent, when it was looked up
 */
public record TruncationEvent(
        Kind kind,
        Transport transport,
        String stack,
        String role,
        String peerHost,
        String peerAddress,
        int peerPort,
        int localPort,
        String protocol,
        String cipherSuite,
        Boolean midRecord,
        Exchange exchange,
        Harm harm,
        Framing framing,
        long bytesIn,
        long bytesOut,
        long quietMs,
        long ageMs,
        String callSite) {

    /** {@code host:port}, with IPv6 literals bracketed. */
    public String peer() {
        String host = peerHost == null ? (peerAddress == null ? "unknown" : peerAddress) : peerHost;
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return peerPort < 0 ? host : host + ":" + peerPort;
    }

    /** The text of the log line (without any prefix); it always names close_notify. */
    public String describe() {
        StringBuilder line = new StringBuilder(256);
        line.append("TLS peer closed without close_notify: kind=").append(kind.id())
                .append(" exchange=").append(exchange.id())
                .append(" harm=").append(harm.id())
                .append(" framing=").append(framing.id())
                // The host can be the application's own string (SSLEngine peer host): one line.
                .append(" peer=").append(Text.printable(peer()));
        if (peerHost != null && peerAddress != null && !peerAddress.equals(peerHost)) {
            line.append(" address=").append(peerAddress);
        }
        line.append(" role=").append(orUnknown(role))
                .append(" protocol=").append(orUnknown(protocol))
                .append(" cipher=").append(orUnknown(cipherSuite))
                .append(" transport=").append(transport.id())
                .append(" stack=").append(orUnknown(stack))
                .append(" midRecord=").append(midRecord == null ? "unknown" : midRecord.toString())
                .append(" bytesIn=").append(orUnknown(bytesIn))
                .append(" bytesOut=").append(orUnknown(bytesOut))
                .append(" quietMs=").append(orUnknown(quietMs))
                .append(" ageMs=").append(orUnknown(ageMs));
        if (localPort >= 0) {
            line.append(" localPort=").append(localPort);
        }
        line.append(" callSite=").append(orUnknown(callSite));
        return line.toString();
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    private static String orUnknown(long value) {
        return value < 0 ? "unknown" : Long.toString(value);
    }
}
