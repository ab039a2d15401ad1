package dev.closenotify.agent.event;

import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * Builds {@link TruncationEvent}s from the objects the woven JDK code hands over. Peer details
 * come from the public {@code SSLSocket}/{@code SSLEngine} API (never a DNS lookup); JSSE
 * internals come through {@link JsseAccess}, resolved on the first event.
 */
final class EventReader {

    private volatile JsseAccess access;

    JsseAccess access(MethodHandles.Lookup jsse) {
        JsseAccess current = access;
        if (current == null) {
            // Racing first events may both resolve; the handles are equivalent, either may win.
            current = new JsseAccess(jsse);
            access = current;
        }
        return current;
    }

    TruncationEvent socketEvent(Kind kind, Object socket, Object context, EOFException eof,
            JsseAccess jsse, boolean withCallSite) {
        String host = null;
        String address = null;
        int port = -1;
        int localPort = -1;
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            InetAddress inet = ssl.getInetAddress();
            if (inet != null) {
                // toString() is "name/literal" or "/literal" and never resolves anything.
                String text = inet.toString();
                int slash = text.indexOf('/');
                address = text.substring(slash + 1);
                host = slash > 0 ? text.substring(0, slash) : address;
            }
            port = ssl.getPort();
            localPort = ssl.getLocalPort();
        }
        return new TruncationEvent(kind, Transport.SOCKET, jsse.role(context), host, address,
                port == 0 ? -1 : port, localPort, jsse.protocol(context), jsse.cipherSuite(context),
                jsse.socketMidRecord(context, eof), withCallSite ? CallSite.find() : null);
    }

    TruncationEvent engineEvent(Kind kind, Object engine, Object context, JsseAccess jsse,
            boolean withCallSite) {
        String host = null;
        int port = -1;
        if (engine instanceof SSLEngine) {
            SSLEngine ssl = (SSLEngine) engine;
            host = ssl.getPeerHost();
            port = ssl.getPeerPort();
        }
        // The engine never sees the transport, so it cannot know whether a record was cut.
        return new TruncationEvent(kind, Transport.ENGINE, jsse.role(context), host, null, port, -1,
                jsse.protocol(context), jsse.cipherSuite(context), null,
                withCallSite ? CallSite.find() : null);
    }
}
