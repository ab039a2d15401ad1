package dev.closenotify.agent.weave;

import java.io.EOFException;

/**
 * A hooked method whose first stack map frame is a short {@code same_frame} whose offset, once
 * code is inserted in front, no longer fits in the frame type: the patch must widen it.
 */
public class FakeShortFrameSocket {

    final Object conContext = "context-of-short";
    public int a;
    public int b;

    public Object handleEOF(EOFException eof) {
        if (a > 0) {
            a = a + b * 2 + 1;
            b = b + a * 3 + 2;
            a = a - b * 7 + 5;
        }
        return a + ":" + b;
    }
}
