package dev.closenotify.agent.event;

/**
 * The JSSE connection flags the classification needs, read from {@code TransportContext} at the
 * moment of the EOF. {@code null} means the JDK build did not let us read that flag.
 */
public record ConnectionState(
        Boolean negotiated,
        Boolean handshaking,
        Boolean inputCloseNotified,
        Boolean inboundClosed,
        Boolean outboundClosed) {
}
