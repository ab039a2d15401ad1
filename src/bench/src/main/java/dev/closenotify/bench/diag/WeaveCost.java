package dev.closenotify.bench.diag;

import java.io.InputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Locale;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Diagnosis only (run by {@code ./bench --diagnose}): where the agent's first-TLS-use time goes.
 * Nothing is attached.
 *
 * <p>Mode {@code bytebuddy} (run with the agent jar on the class path): the agent's own weaver
 * ({@link #WEAVER_CLASS}, reached by reflection like the other agent classes named below)
 * weaves the JDK's real {@code SSLSocketImpl} class file, as the agent's transformer does when
 * that class loads: once cold (Byte Buddy classes loaded, linked, verified, initialised, and
 * their code run for the first time, interpreted), then again warm, then a tenth time. Cold
 * minus warm is the class-loading share; warm is the weaving work itself.
 *
 * <p>With {@code -Dbench.preload=FILE} (class names, one a line) those classes are loaded, linked
 * and initialised first and timed on their own: the first weave after that is Byte Buddy's first
 * execution without its class loading.
 *
 * <p>Mode {@code asm} (run with the ASM jar on the class path, no agent): a prototype of a cheaper
 * weaver, only to size the fix: the ASM release that Byte Buddy bundles (and the agent ships,
 * shaded), here unshaded from its own jar, inserts the same bridge call at method entry, with no
 * Byte Buddy API. Its output is not loaded or verified here; it is a cost estimate.
 */
public final class WeaveCost {

    // The agent internals this program reaches by reflection (mode bytebuddy). They follow the
    // agent's package layout: update them when its classes move.
    /** The stack registry: define() gives every hook, hooks() lists them. */
    static final String REGISTRY_CLASS = "dev.closenotify.agent.stacks.StackRegistry";
    /** A hook: internalClassName(); the weavers' fourth parameter. */
    static final String HOOK_CLASS = "dev.closenotify.agent.weave.hook.Hook";
    /** The tracking descriptor type, the last parameter of the weavers' weave method. */
    static final String TRACKING_CLASS = "dev.closenotify.agent.weave.hook.Tracking";
    /**
     * The agent's weavers in the order its transformer tries them: each has
     * weave(String, byte[], ClassLoader, Hook, Tracking) giving null (declined) or a result with
     * bytes().
     */
    static final String[] WEAVER_CLASSES = {
        "dev.closenotify.agent.weave.patch.EntryPatch", "dev.closenotify.agent.weave.asm.AsmWeaver"
    };
    /** The ASM weaver, the class the first cold weave loads. */
    static final String WEAVER_CLASS = WEAVER_CLASSES[1];

    private static final String SOCKET = "sun/security/ssl/SSLSocketImpl";
    private static final String ENGINE = "sun/security/ssl/SSLEngineImpl";

    private interface Weaver {
        byte[] weave(boolean socket, byte[] classFile) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "bytebuddy";
        ClassLoadingMXBean cl = ManagementFactory.getClassLoadingMXBean();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        byte[] socketBytes = read(SOCKET);
        byte[] engineBytes = read(ENGINE);
        // Warm the measuring calls themselves.
        cl.getTotalLoadedClassCount();
        mx.getCurrentThreadCpuTime();
        System.nanoTime();

        String preload = System.getProperty("bench.preload");
        if (preload != null) {
            // Load, link and initialise every class a cold weave loaded (list from an earlier
            // run's class-load log), so that the first weave below is first execution only.
            java.util.List<String> names = java.nio.file.Files.readAllLines(java.nio.file.Paths.get(preload));
            long p0 = System.nanoTime();
            long q0 = mx.getCurrentThreadCpuTime();
            long k0 = cl.getTotalLoadedClassCount();
            int failed = 0;
            for (String name : names) {
                try {
                    Class.forName(name, true, WeaveCost.class.getClassLoader());
                } catch (Throwable t) {
                    failed++;
                }
            }
            result("preload_ms", (System.nanoTime() - p0) / 1e6);
            result("preload_cpu_ms", (mx.getCurrentThreadCpuTime() - q0) / 1e6);
            result("preload_classes", cl.getTotalLoadedClassCount() - k0);
            result("preload_failed", failed);
        }
        long c0 = cl.getTotalLoadedClassCount();
        long w0 = System.nanoTime();
        long u0 = mx.getCurrentThreadCpuTime();
        Weaver weaver = mode.equals("asm") ? new AsmWeaver() : byteBuddy();
        byte[] out = weaver.weave(true, socketBytes);
        long w1 = System.nanoTime();
        long u1 = mx.getCurrentThreadCpuTime();
        long c1 = cl.getTotalLoadedClassCount();
        weaver.weave(true, socketBytes);
        long w2 = System.nanoTime();
        weaver.weave(false, engineBytes);
        long w3 = System.nanoTime();
        long c3 = cl.getTotalLoadedClassCount();
        long w9 = 0;
        for (int i = 0; i < 9; i++) {
            long a = System.nanoTime();
            weaver.weave(true, socketBytes);
            w9 = System.nanoTime() - a;
        }
        result("first_weave_ms", (w1 - w0) / 1e6);
        result("first_weave_cpu_ms", (u1 - u0) / 1e6);
        result("first_weave_classes", c1 - c0);
        result("second_weave_ms", (w2 - w1) / 1e6);
        result("engine_weave_ms", (w3 - w2) / 1e6);
        result("engine_weave_classes", c3 - c1);
        result("tenth_weave_ms", w9 / 1e6);
        result("woven_bytes_delta", out.length - socketBytes.length);
    }

    private static Weaver byteBuddy() throws Exception {
        Class<?> hookType = Class.forName(HOOK_CLASS);
        Method internalName = hookType.getMethod("internalClassName");
        Object defined = Class.forName(REGISTRY_CLASS).getMethod("define").invoke(null);
        Object socketHook = null;
        Object engineHook = null;
        for (Object hook : (java.util.List<?>) defined.getClass().getMethod("hooks")
                .invoke(defined)) {
            Object name = internalName.invoke(hook);
            socketHook = SOCKET.equals(name) ? hook : socketHook;
            engineHook = ENGINE.equals(name) ? hook : engineHook;
        }
        Object socket0 = socketHook;
        Object engine0 = engineHook;
        Class<?> trackingType = Class.forName(TRACKING_CLASS);
        Object[] weavers = new Object[WEAVER_CLASSES.length];
        Method[] weaves = new Method[WEAVER_CLASSES.length];
        for (int i = 0; i < weavers.length; i++) {
            Class<?> weaverType = Class.forName(WEAVER_CLASSES[i]);
            weavers[i] = weaverType.getConstructor().newInstance();
            weaves[i] = weaverType.getMethod("weave", String.class, byte[].class,
                    ClassLoader.class, hookType, trackingType);
        }
        return (socket, bytes) -> {
            Object hook = socket ? socket0 : engine0;
            for (int i = 0; i < weavers.length; i++) {
                Object result = weaves[i].invoke(weavers[i], internalName.invoke(hook), bytes, null,
                        hook, null);
                if (result != null) {
                    return (byte[]) result.getClass().getMethod("bytes").invoke(result);
                }
            }
            throw new IllegalStateException("no weaver took " + internalName.invoke(hook));
        };
    }

    /** The prototype: entry-only insertion with plain ASM, COMPUTE_MAXS, one hand-written frame. */
    private static final class AsmWeaver implements Weaver {
        @Override
        public byte[] weave(boolean socket, byte[] classFile) {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            String owner = socket ? SOCKET : ENGINE;
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig,
                        String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                    boolean target = socket
                            ? name.equals("handleEOF") && desc.equals("(Ljava/io/EOFException;)Lsun/security/ssl/Plaintext;")
                            : name.equals("closeInbound") && desc.equals("()V");
                    return target ? new EntryCall(mv, owner, socket) : mv;
                }
            }, 0);
            return writer.toByteArray();
        }
    }

    private static final class EntryCall extends MethodVisitor {
        private final String owner;
        private final boolean socket;

        EntryCall(MethodVisitor mv, String owner, boolean socket) {
            super(Opcodes.ASM9, mv);
            this.owner = owner;
            this.socket = socket;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            String lookup = "java/lang/invoke/MethodHandles$Lookup";
            visitVarInsn(Opcodes.ALOAD, 0);
            visitVarInsn(Opcodes.ALOAD, 0);
            visitFieldInsn(Opcodes.GETFIELD, owner, "conContext", "Lsun/security/ssl/TransportContext;");
            if (socket) {
                visitVarInsn(Opcodes.ALOAD, 1);
            }
            visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                    "()L" + lookup + ";", false);
            if (socket) {
                visitMethodInsn(Opcodes.INVOKESTATIC, "dev/closenotify/bridge/Bridge", "socketEof",
                        "(Ljava/lang/Object;Ljava/lang/Object;Ljava/io/EOFException;L" + lookup
                                + ";)Ljava/io/IOException;", false);
                Label carryOn = new Label();
                visitInsn(Opcodes.DUP);
                visitJumpInsn(Opcodes.IFNULL, carryOn);
                visitInsn(Opcodes.ATHROW);
                visitLabel(carryOn);
                visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/io/IOException"});
                visitInsn(Opcodes.POP);
            } else {
                visitMethodInsn(Opcodes.INVOKESTATIC, "dev/closenotify/bridge/Bridge",
                        "engineCloseInbound", "(Ljava/lang/Object;Ljava/lang/Object;L" + lookup + ";)V",
                        false);
            }
        }
    }

    private static byte[] read(String internalName) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static void result(String name, double value) {
        System.out.println("RESULT " + name + " " + String.format(Locale.ROOT, "%.3f", value));
    }
}
