package dev.closenotify.agent.weave;

import java.io.IOException;
import java.io.InputStream;

/** Tomcat's shape: a network read whose result is tested right after the call. */
public class FakeNetRead {

    /** What the woven code saw after each {@code InputStream.read()}, summed. */
    public static int seen;

    public int fill(InputStream in) throws IOException {
        int n = in.read();
        if (n == -1) {
            return -1;
        }
        return in.read() == -1 ? 0 : 2;
    }
}
