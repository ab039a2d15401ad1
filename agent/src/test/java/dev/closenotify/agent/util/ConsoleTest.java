package dev.closenotify.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void describeNamesTheRootCauseOfAWrapper() {
        Exception wrapped = new IllegalStateException("Unexpected initialization failure",
                new RuntimeException("middle", new IOException("disk full")));
        assertEquals("java.lang.IllegalStateException: Unexpected initialization failure, caused by"
                + " java.io.IOException: disk full", Console.describe(wrapped));
        assertEquals("java.io.IOException: disk full", Console.describe(new IOException("disk full")));
        assertEquals("java.lang.IllegalStateException", Console.describe(new IllegalStateException()));
    }

    @Test
    void describeIsOneBoundedLine() {
        String description = Console.describe(new IOException("first\nsecond\r\u2028third\u202e"
                + "x".repeat(10_000)));
        assertTrue(description.startsWith("java.io.IOException: first second  third x"), description);
        assertTrue(description.length() <= Console.MAX_DESCRIPTION + 3, description);
        assertTrue(description.endsWith("..."), description);
        assertTrue(description.chars().noneMatch(Character::isISOControl), description);
    }
}
