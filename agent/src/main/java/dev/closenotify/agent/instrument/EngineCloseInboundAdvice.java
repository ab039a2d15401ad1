package dev.closenotify.agent.instrument;

import dev.closenotify.bridge.Bridge;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code SSLEngineImpl.closeInbound()}, where a library tells the engine
 * that its transport ended. Whether that is an event is decided on the agent side with the JDK's
 * own condition. Only JDK types and the bootstrap bridge may appear here.
 */
final class EngineCloseInboundAdvice {

    private EngineCloseInboundAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object engine,
            @Advice.FieldValue("conContext") Object context) {
        Bridge.engineCloseInbound(engine, context, MethodHandles.lookup());
    }
}
