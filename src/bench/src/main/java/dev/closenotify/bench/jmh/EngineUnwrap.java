package dev.closenotify.bench.jmh;

import dev.closenotify.bench.EnginePair;
import dev.closenotify.bench.Support;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code SSLEngine.unwrap} of application records, TLS 1.3, a hand-driven pair of engines in
 * memory ({@link EnginePair}, no sockets). Before each invocation (outside the measured time)
 * the server engine wraps {@link #BATCH} records of {@code size} plaintext bytes; the invocation
 * unwraps them, one {@code unwrap} call per record. One operation is one record unwrapped. With
 * the agent this is the tracked non-EOF unwrap path; {@code -p size=512} makes its fixed cost
 * per call weigh more than with full 16 KiB records. {@code payload=raw} records are not HTTP,
 * so the agent's framing tracker switches itself off at the first byte; {@code payload=http}
 * records are the body of an endless HTTP response, which the tracker follows.
 *
 * <p>Setup per invocation is fine here: an invocation (32 full records) takes hundreds of
 * microseconds, far above JMH's per-invocation timestamp overhead.
 */
public class EngineUnwrap extends PerRead {

    static final int BATCH = 32;

    @Param({"16384"})
    public int size;

    @Param({"raw", "http"})
    public String payload;

    private EnginePair pair;

    @Setup(Level.Trial)
    public void handshake() throws Exception {
        Variant.checkStart();
        pair = new EnginePair(Support.context(), new String[] {"TLSv1.3"}, size, BATCH);
        if (payload.equals("http")) {
            pair.openHttpExchange();
        }
        String protocol = pair.client().getSession().getProtocol();
        if (!protocol.equals("TLSv1.3")) {
            throw new IllegalStateException("negotiated " + protocol + ", not TLSv1.3");
        }
    }

    @Setup(Level.Invocation)
    public void wrap() throws IOException {
        pair.fill();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unwrap() throws IOException {
        return pair.unwrapAll();
    }

    @TearDown(Level.Trial)
    public void check() throws Exception {
        Variant.checkHooked("SSLEngineImpl");
    }
}
