package dev.closenotify.it.child;

/** A child for the integration tests that never uses TLS: prints one line and ends. */
public final class NoTlsChild {

    private NoTlsChild() {
    }

    public static void main(String[] args) {
        System.out.println("NO_TLS done");
    }
}
