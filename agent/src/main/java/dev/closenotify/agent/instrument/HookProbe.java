package dev.closenotify.agent.instrument;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tells at start-up, without loading the JSSE classes or Byte Buddy, whether this JDK's class
 * file for a hook declares the hooked method: it looks for the method's name and descriptor in the
 * class file's constant pool. This is only for the start-up line; the weaver decides for real and
 * says so if the two ever disagree.
 */
public final class HookProbe {

    private HookProbe() {
    }

    /** True when the class file exists and names the method and its descriptor. */
    public static boolean present(Hook hook) {
        byte[] classFile = read(hook.internalClassName() + ".class");
        return classFile != null
                && contains(classFile, utf8Constant(hook.method()))
                && contains(classFile, utf8Constant(hook.descriptor()));
    }

    private static byte[] read(String resource) {
        // Class files are never encapsulated, so java.base's can be read as resources.
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (Exception e) {
            return null;
        }
    }

    // A CONSTANT_Utf8 entry: its 2-byte length followed by the bytes (ASCII names here).
    private static byte[] utf8Constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[bytes.length + 2];
        entry[0] = (byte) (bytes.length >>> 8);
        entry[1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, entry, 2, bytes.length);
        return entry;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
