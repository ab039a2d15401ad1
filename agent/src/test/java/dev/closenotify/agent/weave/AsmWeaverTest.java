package dev.closenotify.agent.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.stacks.jsse.JsseTargets;
import dev.closenotify.agent.testing.CapturedStderr;
import dev.closenotify.agent.weave.asm.AsmWeaver;
import dev.closenotify.agent.weave.asm.Emitters;
import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.EntryCall;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.HookState;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Targets;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import dev.closenotify.agent.weave.hook.Woven;
import dev.closenotify.bridge.EofListener;
import dev.closenotify.bridge.TestBridge;
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

    /** The number fake hooks pass to the bridge. */
    static final int FAKE_HOOK_NUMBER = 300;
    static final Hook FAKE_SOCKET = fakeHook(FakeJsseSocket.class);

    /** A hook with the real socket emitter, on a test class with the same shape as SSLSocketImpl. */
    static Hook fakeHook(Class<?> target) {
        return Hook.atEntry(internal(target), "handleEOF",
                "(Ljava/io/EOFException;)Ljava/lang/Object;",
                EntryCall.eof(FAKE_HOOK_NUMBER, "conContext", "Ljava/lang/Object;", 1),
                "fake detection off");
    }

    /** What the woven code handed over, and what to answer. */
    static final List<Object[]> CALLS = new ArrayList<>();
    static final List<Integer> HOOK_NUMBERS = new ArrayList<>();
    static volatile IOException answer;

    @BeforeAll
    static void registerListener() {
        TestBridge.register(new EofListener() {
            @Override
            public IOException onEof(int hook, Object socket, Object context, Object eof,
                    MethodHandles.Lookup jsse) {
                HOOK_NUMBERS.add(hook);
                CALLS.add(new Object[] {socket, context, eof, jsse});
                return answer;
            }

            @Override
            public IOException onStreamEnd(int hook, Object engine) {
                return null;
            }

            @Override
            public boolean onLookup(MethodHandles.Lookup jsse) {
                return false; // Not exercised here.
            }

            @Override
            public dev.closenotify.bridge.AppDataWatch onConnection(Object connection) {
                return null; // Not exercised here.
            }
        });
    }

    @Test
    void wovenMethodCallsTheBridgeOnEntryWithItsOwnLookup() throws Exception {
        Object fake = wovenInstance(FakeJsseSocket.class, FAKE_SOCKET);
        Method handleEof = fake.getClass().getMethod("handleEOF", EOFException.class);
        EOFException eof = new EOFException("test");
        CALLS.clear();
        HOOK_NUMBERS.clear();
        answer = null;

        assertEquals("jdk-path", handleEof.invoke(fake, eof));
        assertEquals(List.of(FAKE_HOOK_NUMBER), HOOK_NUMBERS);

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
        Woven result = new AsmWeaver().weave(hook.internalClassName(),
                bytes(FakeWithoutHook.class), getClass().getClassLoader(), hook, null);
        assertNull(result.bytes());
        assertFalse(result.hookApplied());
        assertEquals(List.of("FakeWithoutHook.handleEOF not found on "
                + AsmWeaver.where(hook.internalClassName(), getClass().getClassLoader())
                + "; fake detection off"), result.problems());
    }

    @Test
    void problemsNameTheJdkOrTheLibraryJarTheClassCameFrom() {
        assertEquals("Java " + System.getProperty("java.version"),
                AsmWeaver.where("sun/security/ssl/SSLSocketImpl", null));
        String jar = AsmWeaver.where("net/bytebuddy/ByteBuddy", getClass().getClassLoader());
        assertTrue(jar.matches("byte-buddy-[0-9.]+\\.jar"), jar);
        assertEquals("dev.closenotify.Missing of "
                + getClass().getClassLoader().getClass().getName(),
                AsmWeaver.where("dev/closenotify/Missing", getClass().getClassLoader()));
    }

    @Test
    void transformerIgnoresNonBootstrapAndUnrelatedClasses() throws Exception {
        Hook socketEof = TestStacks.hook(JsseTargets.SOCKET);
        Transformer transformer = new Transformer(TestStacks.jdkTargets(List.of(socketEof)),
                List.of(socketEof), List.of(), TestStacks.WEAVERS);
        byte[] original = bytes(FakeJsseSocket.class);
        assertNull(transformer.transform(null, getClass().getClassLoader(),
                "sun/security/ssl/SSLSocketImpl", null, null, original));
        assertNull(transformer.transform(null, null, "java/lang/Thread", null, null, original));
        assertEquals(HookState.PENDING, transformer.state(socketEof));
    }

    @Test
    void transformerReportsAMissingHookOnceAndReturnsNoBytes() throws Exception {
        // The target name is a JDK class, but the bytes are of a class without the method.
        Hook hook = fakeHook(FakeWithoutHook.class);
        Transformer transformer = new Transformer(TestStacks.jdkTargets(List.of(hook)),
                List.of(hook), List.of(), TestStacks.WEAVERS);
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
        Transformer transformer = new Transformer(TestStacks.jdkTargets(List.of(FAKE_SOCKET)),
                List.of(FAKE_SOCKET), List.of(), TestStacks.WEAVERS, () -> {
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

        Transformer open = new Transformer(TestStacks.jdkTargets(List.of(FAKE_SOCKET)),
                List.of(FAKE_SOCKET), List.of(), TestStacks.WEAVERS, () -> true);
        byte[] woven = open.transform(null, null, FAKE_SOCKET.internalClassName(), null, null,
                original);
        assertTrue(woven != null && woven.length > original.length);
        assertEquals(HookState.APPLIED, open.state(FAKE_SOCKET));
    }

    /**
     * A library target (any loader) whose loader does not delegate to the bootstrap loader, where
     * the bridge lives: woven code there could not link, so the class is left as it was, said
     * once; a JDK target never comes from such a loader at all.
     */
    @Test
    void aLibraryClassWhoseLoaderCannotSeeTheBridgeIsLeftUntouchedAndSaidOnce() throws Exception {
        Hook hook = fakeHook(FakeJsseSocket.class);
        Targets library = new Targets().add(new String[] {hook.internalClassName()}, false);
        Transformer transformer = new Transformer(library, List.of(hook), List.of(),
                TestStacks.WEAVERS);
        ClassLoader isolating = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
        };
        byte[] original = bytes(FakeJsseSocket.class);
        try (CapturedStderr err = new CapturedStderr()) {
            assertNull(transformer.transform(null, isolating, hook.internalClassName(), null, null,
                    original));
            assertNull(transformer.transform(null, isolating, hook.internalClassName(), null, null,
                    original));
            String text = err.text();
            assertEquals(1, text.split("is left untouched: that loader does not delegate", -1)
                    .length - 1, text);
            assertTrue(text.contains(FakeJsseSocket.class.getName() + " in class loader "), text);
        }
        assertEquals(HookState.PENDING, transformer.state(hook));
        Transformer jdkOnly = new Transformer(TestStacks.jdkTargets(List.of(hook)), List.of(hook),
                List.of(), TestStacks.WEAVERS);
        assertNull(jdkOnly.transform(null, isolating, hook.internalClassName(), null, null,
                original));
        assertTrue(library.accepts(hook.internalClassName(), isolating));
        assertFalse(TestStacks.jdkTargets(List.of(hook)).accepts(hook.internalClassName(),
                isolating));
    }

    @Test
    void realJdkClassesCanBeWoven() throws Exception {
        for (Hook hook : TestStacks.hooks()) {
            byte[] original;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(
                    hook.internalClassName() + ".class")) {
                original = in.readAllBytes();
            }
            Woven result = new AsmWeaver().weave(hook.internalClassName(), original,
                    ClassLoader.getSystemClassLoader(), hook, null);
            assertTrue(result.hookApplied(), hook.displayName());
            assertTrue(result.bytes().length > original.length, hook.displayName());
        }
    }

    @Test
    void realJdkClassesTakeTheirTrackingFields() throws Exception {
        for (Tracking tracking : TestStacks.trackings()) {
            byte[] original;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(
                    tracking.internalClassName() + ".class")) {
                original = in.readAllBytes();
            }
            Hook hook = TestStacks.hooks().stream()
                    .filter(h -> h.internalClassName().equals(tracking.internalClassName()))
                    .findFirst().orElse(null);
            Woven result = new AsmWeaver().weave(tracking.internalClassName(), original,
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
        Woven result = new AsmWeaver().weave(tracking.internalClassName(),
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
        Woven result = new AsmWeaver().weave(owner, bytes(FakeTwoConstructors.class),
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

    @Test
    void afterCallCodeSeesEachCallsResultAndLeavesItForTheMethod() throws Exception {
        String owner = internal(FakeNetRead.class);
        Emitter addResult = (m, o) -> {
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.DUP);
            m.visitFieldInsn(net.bytebuddy.jar.asm.Opcodes.GETSTATIC, o, "seen", "I");
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.IADD);
            m.visitFieldInsn(net.bytebuddy.jar.asm.Opcodes.PUTSTATIC, o, "seen", "I");
        };
        Tracking tracking = new Tracking(owner, List.of(), List.of(new Tracking.Point("fill",
                "(Ljava/io/InputStream;)I", Site.afterCall("read", "()I"), addResult)));
        Woven result = new AsmWeaver().weave(owner, bytes(FakeNetRead.class),
                getClass().getClassLoader(), null, tracking);
        assertTrue(result.trackingApplied(), result.problems().toString());
        Class<?> type = define(FakeNetRead.class, result.bytes());
        Object fake = type.getConstructor().newInstance();
        Method fill = type.getMethod("fill", InputStream.class);
        java.lang.reflect.Field seen = type.getField("seen");
        assertEquals(2, fill.invoke(fake, new java.io.ByteArrayInputStream(new byte[] {5, 7})));
        assertEquals(12, seen.getInt(null), "both reads' results: 5 + 7");
        assertEquals(-1, fill.invoke(fake, new java.io.ByteArrayInputStream(new byte[0])));
        assertEquals(11, seen.getInt(null), "the end: -1, and the method still returned it");
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
