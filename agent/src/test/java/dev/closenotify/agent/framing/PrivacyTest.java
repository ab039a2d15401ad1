package dev.closenotify.agent.framing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tracker never keeps a byte of the connection: after streams full of a marker (in targets,
 * header values, chunk extensions, trailers and bodies), everything reachable from it is a
 * primitive or an enum constant, apart from its own parser and queue objects, which obey the
 * same rule. No array, String, buffer or Object field exists that could hold the caller's data,
 * and no static field can be written after class initialisation.
 */
class PrivacyTest {

    private static final Class<?>[] MAIN_CLASSES = {FramingTracker.class, MessageParser.class,
        MethodQueue.class, Names.class, Ascii.class, Harm.class, Framing.class, Role.class};
    /** The tracker's own parts, allowed as references because their fields obey the rule. */
    private static final List<Class<?>> PARTS = List.of(MessageParser.class, MethodQueue.class);

    @Test
    void everythingReachableIsPrimitiveOrEnum() throws Exception {
        for (Role role : Role.values()) {
            for (long seed = 0; seed < 200; seed++) {
                ExchangeGenerator generator = new ExchangeGenerator(seed);
                GeneratedExchange g = role == Role.CLIENT ? generator.client() : generator.server();
                FramingTracker t = new FramingTracker(role, null);
                Random r = new Random(seed);
                new Delivery(g.outbound(), r).deliverAll(t, false, 0, g.outbound().length, false);
                // Stop in the middle of the stream as well as at its end.
                int cut = seed % 2 == 0 ? g.inbound().length : r.nextInt(g.inbound().length + 1);
                new Delivery(g.inbound(), r).deliverAll(t, true, 0, cut, false);
                walk(t, new IdentityHashMap<>(), "tracker");
                assertFalse(t.toString().contains("S3cr3t"), t.toString());
            }
        }
    }

    @Test
    void theGeneratedStreamsDoCarryTheMarker() {
        GeneratedExchange g = new ExchangeGenerator(3).client();
        String all = new String(g.inbound(), java.nio.charset.StandardCharsets.ISO_8859_1)
                + new String(g.outbound(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(all.contains(ExchangeGenerator.MARKER));
    }

    @Test
    void staticFieldsAreConstants() {
        for (Class<?> c : MAIN_CLASSES) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && !Modifier.isFinal(m)) {
                    fail(c.getSimpleName() + "." + f.getName() + " is static and not final");
                }
                // A constant table is an array: its contents stay writable, so none may leak.
                if (Modifier.isStatic(m) && f.getType().isArray() && !Modifier.isPrivate(m)) {
                    fail(c.getSimpleName() + "." + f.getName() + " is a non-private array");
                }
            }
        }
    }

    private static void walk(Object o, Map<Object, Boolean> seen, String path) throws Exception {
        if (seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
        }
        for (Field f : fields) {
            Class<?> type = f.getType();
            String where = path + "." + f.getName();
            if (type.isPrimitive() || type.isEnum()) {
                continue;
            }
            if (!PARTS.contains(type) || !Modifier.isFinal(f.getModifiers())) {
                fail(where + " is a " + type.getName() + ": it could hold application data");
            }
            f.setAccessible(true);
            Object value = f.get(o);
            if (value != null) {
                walk(value, seen, where);
            }
        }
    }
}
