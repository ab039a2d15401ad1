package dev.closenotify.agent.model;

/**
 * The JSSE connection flags the classification needs, read from {@code TransportContext} at the
 * moment of the EOF. {@code null} means the JDK build did not let us read that flag.
 *
 * @param outboundClosed our side is closing: a socket sends its close_notify at once
 * @param outboundDone closing and the close_notify has left the engine (an engine queues it until
 *     the next {@code wrap}); libraries such as Netty call {@code closeOutbound()} just before
 *     {@code closeInbound()} as clean-up, which must not count as "we closed first"
 */
public record ConnectionState(
        Boolean negotiated,
        Boolean handshaking,
        Boolean inputCloseNotified,
        Boolean inboundClosed,
        Boolean outboundClosed,
        Boolean outboundDone) {
}
