package dev.closenotify.agent.weave.hook;

import java.util.List;

/**
 * One detection point in a class. Names and descriptors are matched exactly: a build where they
 * differ gets a clear "not found" line and an untouched class.
 *
 * @param internalClassName the class as the JVM names it to transformers ({@code a/b/C})
 * @param method the method's name
 * @param descriptor the method's JVM descriptor
 * @param site where in the method the code goes
 * @param emitter the code, or null when {@code entryCall} describes it
 * @param requires fields the code reads, checked before weaving
 * @param consequence what the user loses when the hook cannot be applied
 * @param entryCall the code as a plain bridge call at the entry, when it is one (the class-file
 *     patch can insert that without ASM); else null
 */
public record Hook(String internalClassName, String method, String descriptor, Site site,
        Emitter emitter, List<FieldRef> requires, String consequence, EntryCall entryCall) {

    /** A hook whose code is not a plain entry call. */
    public Hook(String internalClassName, String method, String descriptor, Site site,
            Emitter emitter, List<FieldRef> requires, String consequence) {
        this(internalClassName, method, descriptor, site, emitter, requires, consequence, null);
    }

    /** A hook that is a bridge call at the method's entry. */
    public static Hook atEntry(String internalClassName, String method, String descriptor,
            EntryCall call, String consequence) {
        return new Hook(internalClassName, method, descriptor, Site.ENTRY, null,
                call.fields(internalClassName), consequence, call);
    }

    /**
     * {@code SSLSocketImpl.handleEOF}: how messages name the hook
     * ({@code SslHandler.channelInactive (io.grpc.netty.shaded)} for a relocated copy).
     */
    public String displayName() {
        return ClassNames.simpleName(internalClassName) + "." + method
                + ClassNames.relocation(internalClassName);
    }

    /** @param where the JDK's version or the library's jar, as the weaver names it */
    public String notFoundMessage(String where) {
        return displayName() + " not found on " + where + "; "
                + consequence;
    }
}
