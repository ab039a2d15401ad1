package dev.closenotify.agent.weave;

import java.io.EOFException;

/** A hooked method whose first instruction is a branch target (a loop condition at the top). */
public class FakeLoopSocket {

    final Object conContext = "context-of-loop";
    public int left = 3;

    public Object handleEOF(EOFException eof) {
        while (left > 0) {
            left--;
        }
        return "looped";
    }
}
