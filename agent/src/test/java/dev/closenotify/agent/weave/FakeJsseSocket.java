package dev.closenotify.agent.weave;

import java.io.EOFException;

/** Stands in for SSLSocketImpl: same field and method shape, so the real advice can be woven in. */
public class FakeJsseSocket {

    final Object conContext = "context-of-fake";

    public Object handleEOF(EOFException eof) {
        return "jdk-path";
    }
}
