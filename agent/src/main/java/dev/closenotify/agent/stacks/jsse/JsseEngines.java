package dev.closenotify.agent.stacks.jsse;

/**
 * One event per SunJSSE engine, whichever hook sees its EOF first. A library that drives an
 * engine (Netty's {@code SslHandler}, Undertow's conduit, Kafka's transport layer) knows better
 * than the engine whether close_notify arrived and who closed first, and its hook runs before it
 * calls the engine's {@code closeInbound()}; the engine's own hook then stays quiet. A library
 * hook that judges a close to be local claims the engine too, with no event, to keep the engine
 * hook from misreading the close.
 */
public final class JsseEngines {

    /** What {@link #claim} found. */
    public enum Claim {
        /** This caller is the first: it reports the EOF, or decides that there is none. */
        FIRST,
        /** Another hook has taken this engine's EOF already. */
        TAKEN,
        /**
         * A SunJSSE engine without the claim field (loaded before a live attach), or no JSSE
         * access yet: the engine's own hook may report too, so a library hook should leave the
         * EOF to it.
         */
        UNTRACKED,
        /** Not a SunJSSE engine: no other hook of the agent sees it. */
        NOT_JSSE
    }

    private static final String ENGINE_CLASS = "sun.security.ssl.SSLEngineImpl";

    private JsseEngines() {
    }

    /** Takes the EOF of {@code engine} (a {@code javax.net.ssl.SSLEngine} or anything else). */
    public static Claim claim(Object engine) {
        if (engine == null || !engine.getClass().getName().equals(ENGINE_CLASS)) {
            return Claim.NOT_JSSE;
        }
        JsseAccess jsse = JsseLookup.current();
        Boolean first = jsse == null ? null : jsse.claimEngine(engine);
        if (first == null) {
            return Claim.UNTRACKED;
        }
        return first ? Claim.FIRST : Claim.TAKEN;
    }
}
