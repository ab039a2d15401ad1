package dev.closenotify.agent.weave;

import java.io.EOFException;

/**
 * A hooked method with what a real one may hold: branches and loops (stack map frames, the first
 * beyond offset 63 once code is inserted), both switch forms (alignment), an exception handler, a
 * {@code new} whose constructor call follows a branch (an Uninitialized frame entry) and local
 * variables. Its result depends on {@code mode}, so a broken patch shows as a wrong answer or a
 * VerifyError.
 */
public class FakeBusySocket {

    final Object conContext = "context-of-busy";
    public int mode;

    public Object handleEOF(EOFException eof) {
        int total = 0;
        for (int i = 0; i < mode; i++) {
            total += i * 3;
        }
        switch (mode) {
            case 0: total += 100; break;
            case 1: total += 200; break;
            case 2: total += 300; break;
            case 3: total += 400; break;
            default: total -= 1; break;
        }
        switch (mode * 1000) {
            case 0: total += 7; break;
            case 5000: total += 11; break;
            case 90000: total += 13; break;
            default: break;
        }
        StringBuilder text = new StringBuilder(mode > 2 ? "big" : "small");
        try {
            if (mode == 4) {
                throw new IllegalStateException("four");
            }
            text.append(':').append(total);
        } catch (IllegalStateException e) {
            text.append(":caught");
        }
        return eof == null ? text.toString() : text + "/" + eof.getMessage();
    }
}
