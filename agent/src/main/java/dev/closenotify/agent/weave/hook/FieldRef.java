package dev.closenotify.agent.weave.hook;

/**
 * A field the woven code reads. The weaver checks it exists before weaving: a JDK build without
 * it gets a clear "not found" line and an untouched class, never a NoSuchFieldError at run time.
 */
public record FieldRef(String owner, String name, String descriptor) {

    @Override
    public String toString() {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + name;
    }
}
