package dev.closenotify.agent.instrument;

import dev.closenotify.bridge.Bridge;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code jdk.internal.net.http.common.SubscriberWrapper.outgoing(List,
 * boolean)}. The JDK HttpClient's TLS reader ({@code SSLFlowDelegate$Reader}) calls it with
 * {@code complete == true} to pass end-of-stream downstream, whether or not close_notify arrived,
 * and never calls {@code closeInbound()}. The normal data path ({@code complete == false}) costs a
 * single branch. Under {@code throw} the returned exception fails the reader, so the response body
 * completes exceptionally instead of ending normally.
 */
final class HttpClientEofAdvice {

    private HttpClientEofAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object wrapper, @Advice.Argument(1) boolean complete)
            throws IOException {
        if (complete && wrapper.getClass().getName()
                .equals("jdk.internal.net.http.common.SSLFlowDelegate$Reader")) {
            IOException replacement = Bridge.httpClientEnd(wrapper, MethodHandles.lookup());
            if (replacement != null) {
                throw replacement;
            }
        }
    }
}
