package dev.closenotify.agent.weave;

/** A "JDK build" whose class lacks the hooked method. */
public class FakeWithoutHook {

    final Object conContext = "context";

    public Object handleEof() {
        return "renamed";
    }
}
