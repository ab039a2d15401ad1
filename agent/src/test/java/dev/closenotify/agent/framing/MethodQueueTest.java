package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MethodQueueTest {

    @Test
    void takesInOrderAndSaysWhenEmpty() {
        MethodQueue q = new MethodQueue();
        assertEquals(MethodQueue.EMPTY, q.take());
        q.note(Names.NONE);
        q.note(Names.HEAD);
        q.note(Names.CONNECT);
        assertEquals(3, q.outstanding());
        assertEquals(Names.NONE, q.take());
        assertEquals(Names.HEAD, q.take());
        assertEquals(Names.CONNECT, q.take());
        assertEquals(MethodQueue.EMPTY, q.take());
        assertEquals(0, q.outstanding());
    }

    @Test
    void wrapsAroundForeverWithinItsCapacity() {
        MethodQueue q = new MethodQueue();
        ArrayDeque<Integer> model = new ArrayDeque<>();
        Random random = new Random(7);
        int[] methods = {Names.NONE, Names.HEAD, Names.CONNECT};
        for (int i = 0; i < 100_000; i++) {
            if (model.size() < MethodQueue.CAPACITY && random.nextBoolean()) {
                int m = methods[random.nextInt(3)];
                q.note(m);
                model.add(m);
            } else {
                assertEquals(model.isEmpty() ? MethodQueue.EMPTY : model.remove(), q.take());
            }
            assertEquals(model.size(), q.outstanding());
        }
        assertFalse(q.overflowed());
    }

    @Test
    void oneTooManyOverflowsForGood() {
        MethodQueue q = new MethodQueue();
        for (int i = 0; i < MethodQueue.CAPACITY; i++) {
            q.note(Names.HEAD);
        }
        assertFalse(q.overflowed());
        q.note(Names.NONE);
        assertTrue(q.overflowed());
        q.take();
        assertTrue(q.overflowed());
    }
}
