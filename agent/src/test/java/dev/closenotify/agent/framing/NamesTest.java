package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NamesTest {

    private static int match(int group, String s) {
        int state = Names.first(group, s.charAt(0));
        for (int i = 1; i < s.length(); i++) {
            state = Names.next(state, s.charAt(i));
        }
        return Names.matched(state);
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyAndExactly() {
        assertEquals(Names.CONTENT_LENGTH, match(Names.FIELDS, "Content-Length"));
        assertEquals(Names.CONTENT_LENGTH, match(Names.FIELDS, "CONTENT-LENGTH"));
        assertEquals(Names.TRANSFER_ENCODING, match(Names.FIELDS, "transfer-ENCODING"));
        assertEquals(Names.NONE, match(Names.FIELDS, "Content-Lengths"));
        assertEquals(Names.NONE, match(Names.FIELDS, "Content-Lengt"));
        assertEquals(Names.NONE, match(Names.FIELDS, "Content-Type"));
        assertEquals(Names.NONE, match(Names.FIELDS, "Host"));
        // Only A..Z fold: a byte that equals '-' after OR-ing 0x20 ('\r') must not match it.
        assertEquals(Names.NONE, match(Names.FIELDS, "Content\rLength"));
    }

    @Test
    void methodsAreCaseSensitive() {
        assertEquals(Names.HEAD, match(Names.METHODS, "HEAD"));
        assertEquals(Names.CONNECT, match(Names.METHODS, "CONNECT"));
        assertEquals(Names.NONE, match(Names.METHODS, "head"));
        assertEquals(Names.NONE, match(Names.METHODS, "HEADER"));
        assertEquals(Names.NONE, match(Names.METHODS, "GET"));
    }

    @Test
    void codingsMatchCaseInsensitively() {
        assertEquals(Names.CHUNKED, match(Names.CODINGS, "ChUnKeD"));
        assertEquals(Names.NONE, match(Names.CODINGS, "chunk"));
        assertEquals(Names.NONE, match(Names.CODINGS, "gzip"));
    }

    @Test
    void everyNameStartsWithItsOwnByteWithinItsGroup() {
        // The single-candidate state relies on it.
        assertNotEquals(Names.first(Names.FIELDS, 'c'), Names.first(Names.FIELDS, 't'));
        assertNotEquals(Names.first(Names.METHODS, 'H'), Names.first(Names.METHODS, 'C'));
        assertEquals(Names.NONE, Names.first(Names.FIELDS, 'x'));
    }

    @Test
    void tcharIsExactlyRfc9110() {
        String tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                + "abcdefghijklmnopqrstuvwxyz";
        for (int b = 0; b < 256; b++) {
            assertEquals(tchars.indexOf(b) >= 0, Ascii.isTchar(b), "byte " + b);
        }
    }

    @Test
    void textExcludesControlBytesButHtab() {
        for (int b = 0; b < 256; b++) {
            boolean expected = b == '\t' || (b >= 0x20 && b != 0x7F);
            assertEquals(expected, Ascii.isText(b), "byte " + b);
        }
    }

    @Test
    void hexValues() {
        assertEquals(10, Ascii.hexValue('a'));
        assertEquals(15, Ascii.hexValue('F'));
        assertEquals(9, Ascii.hexValue('9'));
        assertEquals(-1, Ascii.hexValue('g'));
        assertEquals(-1, Ascii.hexValue('G'));
        assertEquals(-1, Ascii.hexValue(' '));
        assertEquals(-1, Ascii.hexValue(0xC1)); // 'A' | 0x80
    }
}
