package dev.closenotify.agent.framing;

/**
 * The outstanding requests of a client connection, oldest first, reduced to the one thing a
 * response's framing needs from its request: was it HEAD (no body, whatever the headers say) or
 * CONNECT (a 2xx opens a tunnel)? Keep-alive and pipelining put several requests ahead of their
 * responses, in order, so a bounded bit queue is enough: {@value #CAPACITY} entries in two
 * {@code long}s. A deeper pipeline sets {@link #overflowed()} for good: the tracker cannot pair
 * responses with requests any more and says unknown.
 *
 * <p>The writing thread notes requests and the reading thread takes them. Each field has one
 * writer: the bit sets and {@code noted} belong to the writer, {@code taken} to the reader, so
 * no update can be lost without a lock. {@code noted} is volatile so that the bits of a request
 * are visible to the reader before the count that covers them. A stale {@code taken} on the
 * writer's side only overstates the depth: at worst a false overflow, that is, unknown.
 */
final class MethodQueue {

    static final int CAPACITY = 64;

    /** What {@link #take()} answers when no request is outstanding. */
    static final int EMPTY = -1;

    private long heads;
    private long connects;
    private volatile int noted;
    private int taken;
    private boolean overflowed;

    /** Notes one request, {@code method} being a {@link Names} id (HEAD, CONNECT or NONE). */
    void note(int method) {
        int n = noted;
        if (n - taken >= CAPACITY) {
            overflowed = true;
            return;
        }
        long bit = 1L << (n & (CAPACITY - 1));
        heads = method == Names.HEAD ? heads | bit : heads & ~bit;
        connects = method == Names.CONNECT ? connects | bit : connects & ~bit;
        noted = n + 1;
    }

    /** The method of the oldest outstanding request, removed from the queue, or {@link #EMPTY}. */
    int take() {
        int t = taken;
        if (noted - t <= 0) {
            return EMPTY;
        }
        long bit = 1L << (t & (CAPACITY - 1));
        taken = t + 1;
        if ((heads & bit) != 0) {
            return Names.HEAD;
        }
        return (connects & bit) != 0 ? Names.CONNECT : Names.NONE;
    }

    /** Requests written whose final response has not begun its body decision. */
    int outstanding() {
        return noted - taken;
    }

    boolean overflowed() {
        return overflowed;
    }
}
