package dev.closenotify.agent.weave;

/** Stands in for SSLSocketImpl$AppInputStream: read returns what the test asks for. */
public class FakeAppStream {

    public int read(byte[] b, int off, int len) {
        return len == 0 ? -1 : len;
    }
}
