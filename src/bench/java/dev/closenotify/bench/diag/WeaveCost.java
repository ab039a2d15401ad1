package dev.closenotify.bench.diag;

import dev.closenotify.agent.shaded.bytebuddy.jar.asm.ClassReader;
import dev.closenotify.agent.shaded.bytebuddy.jar.asm.ClassVisitor;
import dev.closenotify.agent.shaded.bytebuddy.jar.asm.ClassWriter;
import dev.closenotify.agent.shaded.bytebuddy.jar.asm.Label;
import dev.closenotify.agent.shaded.bytebuddy.jar.asm.MethodVisitor;
import dev.closenotify.agent.shaded.bytebuddy.jar.asm.Opcodes;
import java.io.InputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Diagnosis only (run by {@code ./bench --diagnose}, compiled against the agent jar): where the
 * agent's first-TLS-use time goes. The agent jar is on the class path; nothing is attached.
 *
 * <p>Mode {@code bytebuddy}: the agent's own weaver ({@code AsmWeaver} since the fixes) (reached by reflection) weaves
 * the JDK's real {@code SSLSocketImpl} class file, as the agent's transformer does when that
 * class loads: once cold (Byte Buddy classes loaded, linked, verified, initialised, and their code
 * run for the first time, interpreted), then again warm, then a tenth time. Cold minus warm is
 * the class-loading share; warm is the weaving work itself.
 *
 * <p>With {@code -Dbench.preload=FILE} (class names, one a line) those classes are loaded, linked
 * and initialised first and timed on their own: the first weave after that is Byte Buddy's first
 * execution without its class loading.
 *
 * <p>Mode {@code asm}: a prototype of a cheaper weaver, only to size the fix: the ASM that Byte
 * Buddy already ships (shaded in the agent jar) inserts the same bridge call at method entry, with
 * no Byte Buddy API. Its output is not loaded or verified here; it is a cost estimate.
 */
public final class WeaveCost {

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
        Class<?> hookType = Class.forName("dev.closenotify.agent.instrument.Hook");
        Object socketHook = hookType.getField("SOCKET_EOF").get(null);
        Object engineHook = hookType.getField("ENGINE_CLOSE_INBOUND").get(null);
        // The agent's own weaver (since the fixes: AsmWeaver, Byte Buddy's bundled ASM).
        Class<?> trackingType = Class.forName("dev.closenotify.agent.instrument.Tracking");
        Class<?> weaverType = Class.forName("dev.closenotify.agent.instrument.AsmWeaver");
        Constructor<?> ctor = weaverType.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object weaver = ctor.newInstance();
        Method weave = weaverType.getDeclaredMethod("weave", String.class, byte[].class,
                ClassLoader.class, hookType, trackingType);
        weave.setAccessible(true);
        Method internalName = hookType.getMethod("internalClassName");
        return (socket, bytes) -> {
            Object hook = socket ? socketHook : engineHook;
            Object result = weave.invoke(weaver, internalName.invoke(hook), bytes, null, hook, null);
            Method resultBytes = result.getClass().getDeclaredMethod("bytes");
            resultBytes.setAccessible(true);
            return (byte[]) resultBytes.invoke(result);
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
