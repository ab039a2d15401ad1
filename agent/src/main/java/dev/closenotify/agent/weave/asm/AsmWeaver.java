package dev.closenotify.agent.weave.asm;

import static net.bytebuddy.jar.asm.Opcodes.ACC_PRIVATE;
import static net.bytebuddy.jar.asm.Opcodes.ACC_SYNTHETIC;
import static net.bytebuddy.jar.asm.Opcodes.ACC_TRANSIENT;
import static net.bytebuddy.jar.asm.Opcodes.ASM9;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESPECIAL;
import static net.bytebuddy.jar.asm.Opcodes.IRETURN;
import static net.bytebuddy.jar.asm.Opcodes.NEW;
import static net.bytebuddy.jar.asm.Opcodes.RETURN;

import dev.closenotify.agent.weave.hook.Emitter;
import dev.closenotify.agent.weave.hook.FieldRef;
import dev.closenotify.agent.weave.hook.Hook;
import dev.closenotify.agent.weave.hook.Site;
import dev.closenotify.agent.weave.hook.Tracking;
import dev.closenotify.agent.weave.hook.TrackingFields;
import dev.closenotify.agent.weave.hook.Weaver;
import dev.closenotify.agent.weave.hook.Woven;
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
public final class AsmWeaver implements Weaver {

    /** Never declines: it weaves, or says precisely in the result why it cannot. */
    @Override
    public Woven weave(String internalName, byte[] classFile, ClassLoader loader, Hook hook,
            Tracking tracking) {
        ClassReader reader = new ClassReader(classFile);
        List<String> problems = new ArrayList<>();
        if (hook != null) {
            for (FieldRef field : hook.requires()) {
                // Fields of the class itself are checked during the pass, as they go by.
                if (!field.owner().equals(internalName) && !fieldExistsIn(field, loader)) {
                    problems.add(cannotHook(hook, field, where(internalName, loader)));
                    hook = null;
                    break;
                }
            }
        }
        // One pass: ASM visits fields before methods, so the hooked method knows whether the
        // fields its code reads exist before it is rewritten.
        ClassWriter writer = new ClassWriter(reader, 0);
        Weaving weaving = new Weaving(writer, internalName, hook, tracking);
        reader.accept(weaving, 0);

        boolean withHook = hook != null && weaving.hookSites > 0;
        if (hook != null && !withHook) {
            String where = where(internalName, loader);
            problems.add(!weaving.hookMethodSeen ? hook.notFoundMessage(where)
                    : weaving.missingField != null ? cannotHook(hook, weaving.missingField, where)
                    : hook.displayName() + " has no " + hook.site().callName() + " call on "
                            + where + "; " + hook.consequence());
        }
        boolean withTracking = tracking != null;
        if (tracking != null) {
            for (FieldRef field : tracking.reads()) {
                if (!weaving.fields.contains(field.name() + ":" + field.descriptor())) {
                    problems.add("exchange tracking is unavailable: " + tracking.displayName()
                            + " has no field " + field + " on " + where(internalName, loader)
                            + "; events on these connections say exchange=unknown harm=unknown");
                    withTracking = false;
                    break;
                }
            }
        }
        if (withTracking) {
            for (int i = 0; i < weaving.pointsSeen.length; i++) {
                Tracking.Point point = tracking.points().get(i);
                if (!weaving.pointsSeen[i]) {
                    problems.add("exchange tracking is unavailable: " + tracking.displayName()
                            + "." + point.method() + " not found on " + where(internalName, loader)
                            + "; events on these connections say exchange=unknown");
                    withTracking = false;
                    break;
                }
            }
        }
        if (!withHook && !withTracking) {
            return new Woven(null, false, false, problems);
        }
        if (tracking != null && !withTracking) {
            // Tracking is all or nothing: weave again without the part already inserted.
            writer = new ClassWriter(reader, 0);
            reader.accept(new Weaving(writer, internalName, hook, null), 0);
        }
        return new Woven(writer.toByteArray(), withHook, withTracking, problems);
    }

    /**
     * {@code Java 17.0.12} for a JDK class, else the jar the class comes from
     * ({@code netty-handler-4.2.20.Final.jar}, which names the library's version), else the class
     * and its loader.
     */
    public static String where(String internalName, ClassLoader loader) {
        String java = "Java " + System.getProperty("java.version");
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return java;
        }
        try {
            java.net.URL url = loader.getResource(internalName + ".class");
            String text = url == null ? "" : url.toString();
            int bang = text.indexOf("!/");
            if (bang < 0) {
                return internalName.replace('/', '.') + " of " + loader.getClass().getName();
            }
            String jar = text.substring(0, bang);
            return jar.substring(jar.lastIndexOf('/') + 1);
        } catch (RuntimeException e) {
            return java;
        }
    }

    private static String cannotHook(Hook hook, FieldRef field, String version) {
        return hook.displayName() + " cannot be hooked on " + version + ": " + field
                + " not found; " + hook.consequence();
    }

    /** A field of another class of the same package: read its class file (not a class load). */
    private static boolean fieldExistsIn(FieldRef field, ClassLoader loader) {
        ClassLoader from = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
        try (InputStream in = from.getResourceAsStream(field.owner() + ".class")) {
            if (in == null) {
                return false;
            }
            boolean[] found = new boolean[1];
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor,
                        String signature, Object value) {
                    if (name.equals(field.name()) && descriptor.equals(field.descriptor())) {
                        found[0] = true;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return found[0];
        } catch (Exception e) {
            return false;
        }
    }

    /** Adds the tracking fields and routes matching methods through {@link Site}-aware visitors. */
    private static final class Weaving extends ClassVisitor {
        private final String owner;
        private final Hook hook;
        private final Tracking tracking;
        private final Set<String> fields = new HashSet<>();
        /** By index in the tracking's points (not a set: a record's hashCode costs an indy). */
        final boolean[] pointsSeen;
        boolean hookMethodSeen;
        FieldRef missingField;
        int hookSites;

        Weaving(ClassVisitor next, String owner, Hook hook, Tracking tracking) {
            super(ASM9, next);
            this.owner = owner;
            this.hook = hook;
            this.tracking = tracking;
            this.pointsSeen = new boolean[tracking == null ? 0 : tracking.points().size()];
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            fields.add(name + ":" + descriptor);
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (hook != null && hook.method().equals(name) && hook.descriptor().equals(descriptor)) {
                hookMethodSeen = true;
                if (ownFieldsPresent()) {
                    Emitter code = hook.emitter() != null ? hook.emitter()
                            : Emitters.entryCall(hook.entryCall());
                    method = new Inserting(method, owner, hook.site(), code, this);
                }
            }
            if (tracking != null) {
                for (int i = 0; i < pointsSeen.length; i++) {
                    Tracking.Point point = tracking.points().get(i);
                    if (point.method().equals(name)
                            && (point.descriptor() == null || point.descriptor().equals(descriptor))) {
                        pointsSeen[i] = true;
                        method = new Inserting(method, owner, point.site(), point.emitter(), null);
                    }
                }
            }
            return method;
        }

        private boolean ownFieldsPresent() {
            for (FieldRef field : hook.requires()) {
                if (field.owner().equals(owner)
                        && !fields.contains(field.name() + ":" + field.descriptor())) {
                    missingField = field;
                    return false;
                }
            }
            return true;
        }

        @Override
        public void visitEnd() {
            if (tracking != null) {
                for (String field : tracking.fields()) {
                    int access = ACC_TRANSIENT | ACC_SYNTHETIC
                            | (TrackingFields.packageVisible(field) ? 0 : ACC_PRIVATE);
                    FieldVisitor fv = super.visitField(access, field,
                            TrackingFields.descriptor(field), null, null);
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
        private int newOfOwner;
        private boolean delegatesToOwnConstructor;

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
            if (site.kind() == Site.Kind.BEFORE_RETURN && opcode >= IRETURN && opcode <= RETURN
                    && !delegatesToOwnConstructor) {
                emit();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == NEW && type.equals(owner)) {
                newOfOwner++;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor,
                boolean isInterface) {
            if (site.kind() == Site.Kind.BEFORE_CALL && name.equals(site.callName())
                    && descriptor.equals(site.callDescriptor())) {
                emit();
            }
            if (opcode == INVOKESPECIAL && name.equals("<init>") && callOwner.equals(owner)) {
                // this(...) rather than the construction of another instance: the constructor
                // called does the work at its own returns, so it is not done twice.
                if (newOfOwner > 0) {
                    newOfOwner--;
                } else {
                    delegatesToOwnConstructor = true;
                }
            }
            super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
            if (site.kind() == Site.Kind.AFTER_CALL && name.equals(site.callName())
                    && descriptor.equals(site.callDescriptor())) {
                emit(); // Before any label that follows: only the call's own path runs it.
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

}
