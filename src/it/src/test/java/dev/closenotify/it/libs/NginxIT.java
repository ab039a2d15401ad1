package dev.closenotify.it.libs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * nginx (Debian's package) serving HTTPS on loopback with {@code keepalive_timeout 1s}, run by the
 * test from a generated configuration in a temp dir ({@code daemon off}, single process, the
 * current user, pid/log/temp paths in that dir).
 *
 * <p>What nginx sends when keepalive_timeout expires is recorded, on TLS 1.2 and 1.3, by
 * {@link TlsProbe}: observed {@code close_notify} then FIN (nginx 1.22.1 / OpenSSL 3.0). So clients
 * that leave a pooled connection idle past the timeout see a proper close, and the agent must report
 * nothing. The probes are also the barrier: they connect after the libraries' connections went idle,
 * so when a probe sees its close, nginx has already closed the libraries' connections.
 */
class NginxIT {

    private static final String BODY = "hello from nginx\n";

    private static Path dir;
    private static NativePeer nginx;
    private static int port;

    @BeforeAll
    static void startNginx() throws Exception {
        String binary = NativePeer.require("nginx");
        dir = Files.createTempDirectory("closenotify-nginx-");
        TestTls.PemFiles pem = TestTls.writePem(dir);
        port = NativePeer.freePort();
        String d = dir.toString();
        String conf = String.join("\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + d + "/nginx.pid;",
                "error_log stderr notice;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + d + "/client_body;",
                "  proxy_temp_path " + d + "/proxy;",
                "  fastcgi_temp_path " + d + "/fastcgi;",
                "  uwsgi_temp_path " + d + "/uwsgi;",
                "  scgi_temp_path " + d + "/scgi;",
                "  keepalive_timeout 1s;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + pem.cert() + ";",
                "    ssl_certificate_key " + pem.key() + ";",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    location / { default_type text/plain; return 200 \"" + BODY.replace("\n", "\\n") + "\"; }",
                "  }",
                "}", "");
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
        nginx = NativePeer.start("nginx", List.of(binary, "-p", d + "/", "-e", "stderr", "-c",
                confFile.toString()), dir);
        // nginx prints its OS status after it has bound its listening socket.
        nginx.awaitLine("\\[notice\\].*OS: ");
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.terminate();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Test
    void keepaliveTimeoutSendsCloseNotifyAndPooledClientsReportNothing() throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + port + "/");
        Map<String, ClientContract.Client> clients = new LinkedHashMap<>();
        try (AgentEvents events = AgentEvents.capture("throw")) {
            try {
                clients.put("HttpsURLConnection", Clients.httpsUrlConnection());
                clients.put("OkHttp", Clients.okHttp());
                clients.put("Apache classic", Clients.apacheClassic());
                clients.put("JDK HttpClient", Clients.jdkHttpClient());
                Clients.NettyHttpClient netty = new Clients.NettyHttpClient();
                clients.put("Netty", netty);
                for (Map.Entry<String, ClientContract.Client> c : clients.entrySet()) {
                    assertEquals(BODY, new String(c.getValue().get(uri), StandardCharsets.US_ASCII), c.getKey());
                }
                // Connected after every library connection went idle: nginx times them out first.
                Map<String, String> seen = new LinkedHashMap<>();
                try (TlsProbe tls13 = TlsProbe.connect(port, "TLSv1.3");
                        TlsProbe tls12 = TlsProbe.connect(port, "TLSv1.2")) {
                    assertEquals(BODY, tls13.get("/"));
                    assertEquals(BODY, tls12.get("/"));
                    seen.put(tls13.protocol(), tls13.awaitServerClose());
                    seen.put(tls12.protocol(), tls12.awaitServerClose());
                }
                assertEquals(Map.of("TLSv1.3", "close_notify+eof", "TLSv1.2", "close_notify+eof"), seen,
                        "what nginx sends at keepalive_timeout");
                // The socket clients find nginx's close_notify when they reuse the connection, in
                // the next request's own thread. Netty reads all the time: wait for its
                // channelInactive (after SslHandler's closeInbound). The JDK HttpClient's pool also
                // reads idle connections; there is no public barrier for it, its next request is
                // the last point where a late event could still be caught here.
                netty.awaitInactive();
                List<Executable> next = new ArrayList<>();
                for (Map.Entry<String, ClientContract.Client> c : clients.entrySet()) {
                    next.add(() -> Outcome.of(() -> c.getValue().get(uri)).assertBody(
                            BODY.getBytes(StandardCharsets.US_ASCII), c.getKey() + ": the next request"));
                }
                assertAll("each client's next request after nginx's idle close", next);
            } finally {
                for (ClientContract.Client c : clients.values()) {
                    c.close();
                }
            }
            events.assertNone();
        }
    }
}
