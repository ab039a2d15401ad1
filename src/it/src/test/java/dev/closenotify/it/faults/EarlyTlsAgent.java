package dev.closenotify.it.faults;

import java.lang.instrument.Instrumentation;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * A tiny agent, packed into a jar by the test and loaded before the closenotify agent, whose
 * premain uses TLS: SSLSocketImpl, its streams and SSLEngineImpl are loaded before the
 * closenotify agent's premain runs, so only its search for already-loaded classes can hook them.
 */
public final class EarlyTlsAgent {

    private EarlyTlsAgent() {
    }

    public static void premain(String args, Instrumentation inst) throws Exception {
        SSLContext.getDefault().createSSLEngine().closeOutbound();
        SSLSocketFactory.getDefault().createSocket().close();
    }
}
