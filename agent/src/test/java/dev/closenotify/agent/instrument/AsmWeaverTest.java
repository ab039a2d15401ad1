package dev.closenotify.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.testing.CapturedStderr;
import dev.closenotify.bridge.Bridge;
import dev.closenotify.bridge.EofListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AsmWeaverTest {

    static final Hook FAKE_SOCKET = fakeHook(FakeJsseSocket.class);

    /** A hook with the real socket emitter, on a test class with the same shape as SSLSocketImpl. */
    static Hook fakeHook(Class<?> target) {
        return Hook.atEntry(internal(target), "handleEOF",
                "(Ljava/io/EOFException;)Ljava/lang/Object;",
                Hook.socketEofCall("Ljava/lang/Object;"), "fake detection off");
    }

    /** What the woven code handed over, and what to answer. */
    static final List<Object[]> CALLS = new ArrayList<>();
    static volatile IOException answer;

    @BeforeAll
    static void registerListener() {
        Bridge.register(new EofListener() {
            @Override
            public IOException onSocketEof(Object socket, Object context, EOFException eof,
                    MethodHandles.Lookup jsse) {
                CALLS.add(new Object[] {socket, context, eof, jsse});
                return answer;
            }

            @Override
            public void onEngineCloseInbound(Object engine, Object context,
                    MethodHandles.Lookup jsse) {
                CALLS.add(new Object[] {engine, context, null, jsse});
            }

            @Override
            public IOException onHttpClientEnd(Object engine) {
                return null;
            }

            @Override
            public boolean onJsseLookup(MethodHandles.Lookup jsse) {
                return false; // Not exercised here.
            }
        });
    }

    @Test
    void wovenMethodCallsTheBridgeOnEntryWithItsOwnLookup() throws Exception {
        Object fake = wovenInstance(FakeJsseSocket.class, FAKE_SOCKET);
        Method handleEof = fake.getClass().getMethod("handleEOF", EOFException.class);
        EOFException eof = new EOFException("test");
        CALLS.clear();
        answer = null;

        assertEquals("jdk-path", handleEof.invoke(fake, eof));

        assertEquals(1, CALLS.size());
        Object[] call = CALLS.get(0);
        assertSame(fake, call[0]);
        assertEquals("context-of-fake", call[1]);
        assertSame(eof, call[2]);
        assertSame(fake.getClass(), ((MethodHandles.Lookup) call[3]).lookupClass());
    }

    @Test
    void exceptionFromTheListenerReplacesTheJdkResult() throws Exception {
        Object fake = wovenInstance(FakeJsseSocket.class, FAKE_SOCKET);
        Method handleEof = fake.getClass().getMethod("handleEOF", EOFException.class);
        answer = new IOException("deliberate");
        try {
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> handleEof.invoke(fake, (EOFException) null));
            assertSame(answer, thrown.getCause());
        } finally {
            answer = null;
        }
    }

    @Test
    void missingMethodIsReportedAndLeavesTheClassUntouched() throws Exception {
        Hook hook = fakeHook(FakeWithoutHook.class);
        AsmWeaver.Result result = new AsmWeaver().weave(hook.internalClassName(),
                bytes(FakeWithoutHook.class), getClass().getClassLoader(), hook, null);
        assertNull(result.bytes());
        assertFalse(result.hookApplied());
        assertEquals(List.of("FakeWithoutHook.handleEOF not found on "
                + System.getProperty("java.version") + "; fake detection off"), result.problems());
    }

    @Test
    void transformerIgnoresNonBootstrapAndUnrelatedClasses() throws Exception {
        JsseTransformer transformer = new JsseTransformer(List.of(Hook.SOCKET_EOF), List.of());
        byte[] original = bytes(FakeJsseSocket.class);
        assertNull(transformer.transform(null, getClass().getClassLoader(),
                "sun/security/ssl/SSLSocketImpl", null, null, original));
        assertNull(transformer.transform(null, null, "java/lang/Thread", null, null, original));
        assertEquals(HookState.PENDING, transformer.state(Hook.SOCKET_EOF));
    }

    @Test
    void transformerReportsAMissingHookOnceAndReturnsNoBytes() throws Exception {
        // The target name is a JDK class, but the bytes are of a class without the method.
        Hook hook = fakeHook(FakeWithoutHook.class);
        JsseTransformer transformer = new JsseTransformer(List.of(hook), List.of());
        byte[] original = bytes(FakeWithoutHook.class);
        try (CapturedStderr err = new CapturedStderr()) {
            assertNull(transformer.transform(null, null, hook.internalClassName(), null, null, original));
            assertNull(transformer.transform(null, null, hook.internalClassName(), null, null, original));
            String text = err.text();
            assertEquals(1, text.split("FakeWithoutHook.handleEOF not found", -1).length - 1, text);
            assertTrue(text.startsWith("closenotify: "), text);
        }
        assertEquals(HookState.MISSING, transformer.state(hook));
        assertEquals("FakeWithoutHook.handleEOF=missing", transformer.describeStates());
        assertArrayEquals(bytes(FakeWithoutHook.class), original);
    }

    @Test
    void closedGateLeavesTargetsUntouchedAndTheGateIsAskedOnlyForTargets() throws Exception {
        int[] asked = new int[1];
        JsseTransformer transformer = new JsseTransformer(List.of(FAKE_SOCKET), List.of(),
                () -> {
                    asked[0]++;
                    return false;
                });
        byte[] original = bytes(FakeJsseSocket.class);
        assertNull(transformer.transform(null, null, "java/lang/Thread", null, null, original));
        assertEquals(0, asked[0]);
        assertNull(transformer.transform(null, null, FAKE_SOCKET.internalClassName(), null, null,
                original));
        assertEquals(1, asked[0]);
        assertEquals(HookState.INACTIVE, transformer.state(FAKE_SOCKET));
        assertArrayEquals(bytes(FakeJsseSocket.class), original);

        JsseTransformer open = new JsseTransformer(List.of(FAKE_SOCKET), List.of(), () -> true);
        byte[] woven = open.transform(null, null, FAKE_SOCKET.internalClassName(), null, null,
                original);
        assertTrue(woven != null && woven.length > original.length);
        assertEquals(HookState.APPLIED, open.state(FAKE_SOCKET));
    }

    @Test
    void realJdkClassesCanBeWoven() throws Exception {
        for (Hook hook : Hook.JSSE) {
            byte[] original;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(
                    hook.internalClassName() + ".class")) {
                original = in.readAllBytes();
            }
            AsmWeaver.Result result = new AsmWeaver().weave(hook.internalClassName(), original,
                    ClassLoader.getSystemClassLoader(), hook, null);
            assertTrue(result.hookApplied(), hook.displayName());
            assertTrue(result.bytes().length > original.length, hook.displayName());
        }
    }

    @Test
    void realJdkClassesTakeTheirTrackingFields() throws Exception {
        for (Tracking tracking : Tracking.JSSE) {
            byte[] original;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(
                    tracking.internalClassName() + ".class")) {
                original = in.readAllBytes();
            }
            Hook hook = Hook.JSSE.stream()
                    .filter(h -> h.internalClassName().equals(tracking.internalClassName()))
                    .findFirst().orElse(null);
            AsmWeaver.Result result = new AsmWeaver().weave(tracking.internalClassName(), original,
                    null, hook, tracking);
            assertTrue(result.trackingApplied(), tracking.displayName() + " " + result.problems());
            assertEquals(List.of(), result.problems());
            String text = new String(result.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String field : tracking.fields()) {
                assertTrue(text.contains(field), field + " in " + tracking.displayName());
            }
        }
    }

    @Test
    void trackingCountsBytesAndStampsOnlyWhenBytesMoved() throws Exception {
        Tracking tracking = new Tracking(internal(FakeAppStream.class),
                List.of(TrackingFields.CREATED, TrackingFields.BYTES_IN, TrackingFields.LAST_IN),
                List.of(new Tracking.Point("<init>", null, Emitters.created(true)),
                        new Tracking.Point("read", "([BII)I", Emitters.countReturnedInt(
                                TrackingFields.BYTES_IN, TrackingFields.LAST_IN))));
        AsmWeaver.Result result = new AsmWeaver().weave(tracking.internalClassName(),
                bytes(FakeAppStream.class), getClass().getClassLoader(), null, tracking);
        assertTrue(result.trackingApplied(), result.problems().toString());
        long before = System.nanoTime();
        Object stream = define(FakeAppStream.class, result.bytes()).getConstructor().newInstance();
        Method read = stream.getClass().getMethod("read", byte[].class, int.class, int.class);
        long created = longField(stream, TrackingFields.CREATED);
        assertTrue(created - before >= 0, "created is stamped by the constructor");
        assertEquals(5, read.invoke(stream, new byte[8], 0, 5));
        assertEquals(3, read.invoke(stream, new byte[8], 0, 3));
        long last = longField(stream, TrackingFields.LAST_IN);
        assertTrue(last - created >= 0);
        assertEquals(-1, read.invoke(stream, new byte[8], 0, 0));
        assertEquals(8, longField(stream, TrackingFields.BYTES_IN), "EOF (-1) adds nothing");
        assertEquals(last, longField(stream, TrackingFields.LAST_IN), "EOF does not stamp");
    }

    /**
     * Constructor exit code runs once per construction: not again in a constructor that
     * delegates with this(...), but still in one that builds another instance with new.
     */
    @Test
    void constructorPointSkipsConstructorsThatDelegateToTheirOwnClass() throws Exception {
        String owner = internal(FakeTwoConstructors.class);
        Emitter countInit = (m, o) -> {
            m.visitFieldInsn(net.bytebuddy.jar.asm.Opcodes.GETSTATIC, o, "inits", "I");
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.ICONST_1);
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.IADD);
            m.visitFieldInsn(net.bytebuddy.jar.asm.Opcodes.PUTSTATIC, o, "inits", "I");
        };
        Tracking tracking = new Tracking(owner, List.of(),
                List.of(new Tracking.Point("<init>", null, countInit)));
        AsmWeaver.Result result = new AsmWeaver().weave(owner, bytes(FakeTwoConstructors.class),
                getClass().getClassLoader(), null, tracking);
        assertTrue(result.trackingApplied(), result.problems().toString());
        Class<?> type = define(FakeTwoConstructors.class, result.bytes());
        java.lang.reflect.Field inits = type.getField("inits");
        type.getConstructor().newInstance();
        assertEquals(1, inits.getInt(null), "this(1) then the int constructor: once");
        type.getConstructor(int.class).newInstance(5);
        assertEquals(2, inits.getInt(null));
        type.getConstructor(String.class).newInstance("abc");
        assertEquals(4, inits.getInt(null), "this(3) once, and new FakeTwoConstructors(7) once");
    }

    private static long longField(Object target, String name) throws Exception {
        java.lang.reflect.Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.getLong(target);
    }

    private static Object wovenInstance(Class<?> type, Hook hook) throws Exception {
        byte[] woven = new AsmWeaver().weave(hook.internalClassName(), bytes(type),
                type.getClassLoader(), hook, null).bytes();
        return define(type, woven).getConstructor().newInstance();
    }

    static Class<?> define(Class<?> type, byte[] woven) throws Exception {
        ClassLoader loader = new ClassLoader(type.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(type.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> done = findLoadedClass(name);
                        return done != null ? done : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(type.getName());
    }

    static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}
