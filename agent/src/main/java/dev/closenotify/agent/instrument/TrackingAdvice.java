package dev.closenotify.agent.instrument;

import dev.closenotify.bridge.Bridge;
import java.lang.invoke.MethodHandles;
import javax.net.ssl.SSLEngineResult;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into JSSE's application-data paths to keep the byte counts and timestamps the exchange
 * state is computed from. JDK types only; no allocation; the added fields are plain longs.
 */
final class TrackingAdvice {

    private TrackingAdvice() {
    }

    /**
     * Constructor exit of a tracked class: when the connection was created. The first one also
     * hands the agent a lookup with JSSE access (see {@link Bridge#offerJsseLookup}).
     */
    static final class Created {
        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue(value = TrackingFields.CREATED, readOnly = false)
                long created) {
            created = System.nanoTime();
            if (Bridge.wantsJsseLookup()) {
                Bridge.offerJsseLookup(MethodHandles.lookup());
            }
        }
    }

    /** {@code SSLSocketImpl$AppInputStream.read(byte[], int, int)}: application bytes received. */
    static final class SocketRead {
        @Advice.OnMethodExit
        static void exit(@Advice.Return int count,
                @Advice.FieldValue(value = TrackingFields.BYTES_IN, readOnly = false) long bytesIn,
                @Advice.FieldValue(value = TrackingFields.LAST_IN, readOnly = false) long lastIn) {
            if (count > 0) {
                bytesIn += count;
                lastIn = System.nanoTime();
            }
        }
    }

    /** {@code SSLSocketImpl$AppOutputStream.write(byte[], int, int)}: application bytes sent. */
    static final class SocketWrite {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(2) int length,
                @Advice.FieldValue(value = TrackingFields.BYTES_OUT, readOnly = false) long bytesOut,
                @Advice.FieldValue(value = TrackingFields.LAST_OUT, readOnly = false) long lastOut) {
            if (length > 0) {
                bytesOut += length;
                lastOut = System.nanoTime();
            }
        }
    }

    /** {@code SSLEngineImpl.unwrap(...)}: application bytes produced. */
    static final class EngineUnwrap {
        @Advice.OnMethodExit
        static void exit(@Advice.Return SSLEngineResult result,
                @Advice.FieldValue(value = TrackingFields.BYTES_IN, readOnly = false) long bytesIn,
                @Advice.FieldValue(value = TrackingFields.LAST_IN, readOnly = false) long lastIn) {
            if (result != null && result.bytesProduced() > 0) {
                bytesIn += result.bytesProduced();
                lastIn = System.nanoTime();
            }
        }
    }

    /** {@code SSLEngineImpl.wrap(...)}: application bytes consumed. */
    static final class EngineWrap {
        @Advice.OnMethodExit
        static void exit(@Advice.Return SSLEngineResult result,
                @Advice.FieldValue(value = TrackingFields.BYTES_OUT, readOnly = false) long bytesOut,
                @Advice.FieldValue(value = TrackingFields.LAST_OUT, readOnly = false) long lastOut) {
            if (result != null && result.bytesConsumed() > 0) {
                bytesOut += result.bytesConsumed();
                lastOut = System.nanoTime();
            }
        }
    }
}
