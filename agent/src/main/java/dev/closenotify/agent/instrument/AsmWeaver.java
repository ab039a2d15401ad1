package dev.closenotify.agent.instrument;

import static net.bytebuddy.jar.asm.Opcodes.ACC_PRIVATE;
import static net.bytebuddy.jar.asm.Opcodes.ACC_SYNTHETIC;
import static net.bytebuddy.jar.asm.Opcodes.ACC_TRANSIENT;
import static net.bytebuddy.jar.asm.Opcodes.ASM9;
import static net.bytebuddy.jar.asm.Opcodes.IRETURN;
import static net.bytebuddy.jar.asm.Opcodes.RETURN;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * Weaves the agent's straight-line code into a class file with the ASM that ships inside Byte
 * Buddy, working on the bytes the JVM hands to the transformer.
 *
 * <p>Why not Byte Buddy's {@code Advice}: measured here, its machinery loaded about 850 classes
 * and took about a second at the first TLS handshake. The woven code is a few instructions with no
 * branch and no new local, so no stack map frame changes, the class is copied by ASM almost as is
 * ({@code ClassWriter} shares the reader's constant pool), and nothing else gets loaded.
 *
 * <p>A hook and the tracking of the same class are judged separately: a JDK build that renamed one
 * method loses only what depended on it. Without tracking the result adds no member, so it is also
 * valid for retransforming a loaded class.
 */
final class AsmWeaver {

    /** What was woven; {@code bytes} null means the class is left as it was. */
    record Result(byte[] bytes, boolean hookApplied, boolean trackingApplied,
            List<String> problems) {
    }

    /**
     * @param loader the class's loader (null: bootstrap), to check fields of other classes
     * @param hook the detection hook in this class, or null
     * @param tracking the exchange tracking for this class, or null
     */
    Result weave(String internalName, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking) {
        ClassReader reader = new ClassReader(classFile);
        Members members = Members.of(reader);
        List<String> problems = new ArrayList<>();

        boolean withHook = false;
        if (hook != null) {
            withHook = members.hasMethod(hook.method(), hook.descriptor());
            if (!withHook) {
                problems.add(hook.notFoundMessage());
            } else {
                for (FieldRef field : hook.requires()) {
                    if (!fieldExists(field, internalName, members, loader)) {
                        withHook = false;
                        problems.add(hook.displayName() + " cannot be hooked on "
                                + System.getProperty("java.version") + ": " + field + " not found; "
                                + hook.consequence());
                        break;
                    }
                }
            }
        }
        boolean withTracking = false;
        if (tracking != null) {
            withTracking = true;
            for (Tracking.Point point : tracking.points()) {
                if (!members.hasMethod(point.method(), point.descriptor())) {
                    withTracking = false;
                    problems.add("exchange tracking is unavailable: " + tracking.displayName() + "."
                            + point.method() + " not found on " + System.getProperty("java.version")
                            + "; events on these connections say exchange=unknown");
                    break;
                }
            }
        }
        if (!withHook && !withTracking) {
            return new Result(null, false, false, problems);
        }

        ClassWriter writer = new ClassWriter(reader, 0);
        Weaving weaving = new Weaving(writer, internalName, withHook ? hook : null,
                withTracking ? tracking : null);
        reader.accept(weaving, 0);
        if (withHook && weaving.hookSites == 0) {
            // e.g. the call the hook goes before is gone from the method: leave the class alone.
            problems.add(hook.displayName() + " has no " + hook.site().callName() + " call on "
                    + System.getProperty("java.version") + "; " + hook.consequence());
            if (!withTracking) {
                return new Result(null, false, false, problems);
            }
            writer = new ClassWriter(reader, 0);
            reader.accept(new Weaving(writer, internalName, null, tracking), 0);
            withHook = false;
        }
        return new Result(writer.toByteArray(), withHook, withTracking, problems);
    }

    private static boolean fieldExists(FieldRef field, String internalName, Members members,
            ClassLoader loader) {
        if (field.owner().equals(internalName)) {
            return members.hasField(field.name(), field.descriptor());
        }
        // Another class of the same package: read its class file (a resource read, not a load).
        ClassLoader from = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
        try (InputStream in = from.getResourceAsStream(field.owner() + ".class")) {
            return in != null
                    && Members.of(new ClassReader(in.readAllBytes())).hasField(field.name(),
                            field.descriptor());
        } catch (Exception e) {
            return false;
        }
    }

    /** The methods and fields a class declares, by name and descriptor. */
    private static final class Members extends ClassVisitor {
        private final Set<String> methods = new HashSet<>();
        private final Set<String> fields = new HashSet<>();

        private Members() {
            super(ASM9);
        }

        static Members of(ClassReader reader) {
            Members members = new Members();
            reader.accept(members, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                    | ClassReader.SKIP_FRAMES);
            return members;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                Object value) {
            fields.add(name + ":" + descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            methods.add(name + descriptor);
            methods.add(name);
            return null;
        }

        boolean hasMethod(String name, String descriptor) {
            return methods.contains(descriptor == null ? name : name + descriptor);
        }

        boolean hasField(String name, String descriptor) {
            return fields.contains(name + ":" + descriptor);
        }
    }

    /** Adds the tracking fields and routes matching methods through {@link Site}-aware visitors. */
    private static final class Weaving extends ClassVisitor {
        private final String owner;
        private final Hook hook;
        private final Tracking tracking;
        int hookSites;

        Weaving(ClassVisitor next, String owner, Hook hook, Tracking tracking) {
            super(ASM9, next);
            this.owner = owner;
            this.hook = hook;
            this.tracking = tracking;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (hook != null && hook.method().equals(name) && hook.descriptor().equals(descriptor)) {
                method = new Inserting(method, owner, hook.site(), hook.emitter(), this);
            }
            if (tracking != null) {
                for (Tracking.Point point : tracking.points()) {
                    if (point.method().equals(name)
                            && (point.descriptor() == null || point.descriptor().equals(descriptor))) {
                        method = new Inserting(method, owner, Site.BEFORE_RETURN, point.emitter(),
                                null);
                    }
                }
            }
            return method;
        }

        @Override
        public void visitEnd() {
            if (tracking != null) {
                for (String field : tracking.fields()) {
                    FieldVisitor fv = super.visitField(ACC_PRIVATE | ACC_TRANSIENT | ACC_SYNTHETIC,
                            field, "J", null, null);
                    if (fv != null) {
                        fv.visitEnd();
                    }
                }
            }
            super.visitEnd();
        }
    }

    /** Emits the code at its site and raises the method's stack limit to fit it. */
    private static final class Inserting extends MethodVisitor {
        private final String owner;
        private final Site site;
        private final Emitter emitter;
        private final Weaving countSitesIn;

        Inserting(MethodVisitor next, String owner, Site site, Emitter emitter,
                Weaving countSitesIn) {
            super(ASM9, next);
            this.owner = owner;
            this.site = site;
            this.emitter = emitter;
            this.countSitesIn = countSitesIn;
        }

        private void emit() {
            emitter.emit(mv, owner);
            if (countSitesIn != null) {
                countSitesIn.hookSites++;
            }
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (site.kind() == Site.Kind.ENTRY) {
                emit();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (site.kind() == Site.Kind.BEFORE_RETURN && opcode >= IRETURN && opcode <= RETURN) {
                emit();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor,
                boolean isInterface) {
            if (site.kind() == Site.Kind.BEFORE_CALL && name.equals(site.callName())
                    && descriptor.equals(site.callDescriptor())) {
                emit();
            }
            super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + Emitters.EXTRA_STACK, maxLocals);
        }
    }

}
