package dev.closenotify.agent.report;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** The JFR event {@code closenotify.Truncation}: one TLS EOF without close_notify. */
@Name("closenotify.Truncation")
@Label("TLS Close Without close_notify")
@Category({"closenotify", "TLS"})
@Description("A TLS peer closed the transport without sending close_notify; data received may"
        + " have been truncated. Metadata only, never application data.")
final class JfrTruncationEvent extends Event {

    @Label("Kind")
    @Description("truncated (application-data phase), handshake-eof, or after-local-close")
    String kind;

    @Label("Exchange")
    @Description("idle, awaiting, mid-stream or unknown: what the connection was doing (a hint)")
    String exchange;

    @Label("Harm")
    @Description("none (no message cut), detected (a self-delimited message cut: the application"
            + " sees it), silent (a close-delimited body cut: the application takes it as whole)"
            + " or unknown")
    String harm;

    @Label("Framing")
    @Description("How the message in flight was delimited: content-length, chunked,"
            + " close-delimited, no-body, between-messages, headers, h2 or unknown")
    String framing;

    @Label("Peer")
    @Description("Peer host (as the application named it) and port")
    String peer;

    @Label("Peer Address")
    @Description("Peer IP address literal when known; never from DNS")
    String peerAddress;

    @Label("Peer Port")
    int peerPort;

    @Label("Local Port")
    @Description("Our port, -1 when unknown (engines)")
    int localPort;

    @Label("Role")
    @Description("client or server")
    String role;

    @Label("Protocol")
    String protocol;

    @Label("Cipher Suite")
    String cipherSuite;

    @Label("Transport")
    @Description("socket or engine")
    String transport;

    @Label("Stack")
    @Description("The library whose code met the EOF: jsse-socket, jsse-engine, jdk-httpclient,"
            + " ... (see the README)")
    String stack;

    @Label("Mid-Record")
    @Description("true when the EOF cut a TLS record, false between records, unknown")
    String midRecord;

    @Label("Bytes In")
    @Description("Application bytes received on the connection, -1 when unknown")
    @DataAmount
    long bytesIn;

    @Label("Bytes Out")
    @Description("Application bytes sent on the connection, -1 when unknown")
    @DataAmount
    long bytesOut;

    @Label("Quiet Time")
    @Description("Time since the last application I/O, -1 when unknown")
    @Timespan(Timespan.MILLISECONDS)
    long quietMs;

    @Label("Connection Age")
    @Description("Time since the connection was created, -1 when unknown")
    @Timespan(Timespan.MILLISECONDS)
    long ageMs;

    @Label("Call Site")
    @Description("First stack frame outside the JDK and the agent (not looked up under count)")
    String callSite;
}
