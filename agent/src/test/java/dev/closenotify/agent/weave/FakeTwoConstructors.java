package dev.closenotify.agent.weave;

/** One constructor delegates to the other, and one builds another instance of the class. */
public class FakeTwoConstructors {

    public static int inits;
    public final int value;
    public FakeTwoConstructors other;

    public FakeTwoConstructors() {
        this(1);
    }

    public FakeTwoConstructors(int value) {
        this.value = value;
    }

    public FakeTwoConstructors(String text) {
        this(text.length());
        other = new FakeTwoConstructors(7);
    }
}
