package dev.closenotify.agent.report;

import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON summary ({@code closenotify.report}): counts by kind and exchange and by kind and
 * harm, top peers and call sites of every event and of silent truncations alone. Metadata only:
 * the tables hold peers and stack frames, never a byte the application sent or received. Written to a temp file in the same directory, owner-only, then renamed over the target,
 * so a reader never sees half a report.
 */
public final class ReportWriter {

    static final int TOP = 20;

    private final Counters counters;
    private final EventStats stats;
    private final java.util.function.Supplier<String> policy;

    public ReportWriter(Counters counters, EventStats stats, java.util.function.Supplier<String> policy) {
        this.counters = counters;
        this.stats = stats;
        this.policy = policy;
    }

    public void write(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = createOwnerOnly(dir, target.getFileName().toString());
        try {
            Files.writeString(temp, json(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createOwnerOnly(Path dir, String name) throws IOException {
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            return Files.createTempFile(dir, "." + name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException notPosix) {
            Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            temp.toFile().setReadable(false, false);
            temp.toFile().setReadable(true, true);
            temp.toFile().setWritable(false, false);
            temp.toFile().setWritable(true, true);
            return temp;
        }
    }

    public String json() {
        StringBuilder out = new StringBuilder(4096);
        out.append("{\n");
        out.append("  \"generatedAt\": ").append(quote(Instant.now().toString())).append(",\n");
        out.append("  \"policy\": ").append(quote(policy.get())).append(",\n");
        out.append("  \"counts\": {");
        out.append("\"truncated\": ").append(counters.truncations())
                .append(", \"handshake-eof\": ").append(counters.handshakeEofs())
                .append(", \"after-local-close\": ").append(counters.afterLocalClose())
                .append(", \"excluded\": ").append(counters.excluded())
                .append(", \"thrown\": ").append(counters.thrown()).append("},\n");
        out.append("  \"byKindAndExchange\": {");
        boolean firstKind = true;
        for (Kind kind : Kind.values()) {
            out.append(firstKind ? "" : ", ").append(quote(kind.id())).append(": {");
            firstKind = false;
            boolean first = true;
            for (Exchange exchange : Exchange.values()) {
                out.append(first ? "" : ", ").append(quote(exchange.id())).append(": ")
                        .append(counters.count(kind, exchange));
                first = false;
            }
            out.append('}');
        }
        out.append("},\n");
        out.append("  \"byKindAndHarm\": {");
        firstKind = true;
        for (Kind kind : Kind.values()) {
            out.append(firstKind ? "" : ", ").append(quote(kind.id())).append(": {");
            firstKind = false;
            boolean first = true;
            for (Harm harm : Harm.values()) {
                out.append(first ? "" : ", ").append(quote(harm.id())).append(": ")
                        .append(counters.count(kind, harm));
                first = false;
            }
            out.append('}');
        }
        out.append("},\n");
        table(out, "topPeers", "peer", stats.peers());
        out.append(",\n");
        table(out, "topCallSites", "callSite", stats.callSites());
        out.append(",\n");
        table(out, "silentTopPeers", "peer", stats.silentPeers());
        out.append(",\n");
        table(out, "silentTopCallSites", "callSite", stats.silentCallSites());
        out.append("\n}\n");
        return out.toString();
    }

    private static void table(StringBuilder out, String name, String keyName, BoundedTally tally) {
        out.append("  ").append(quote(name)).append(": {\"entries\": [");
        List<Map.Entry<String, Long>> top = tally.top(TOP);
        for (int i = 0; i < top.size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ").append("{").append(quote(keyName)).append(": ")
                    .append(quote(top.get(i).getKey())).append(", \"count\": ")
                    .append(top.get(i).getValue()).append('}');
        }
        out.append(top.isEmpty() ? "" : "\n  ").append("], \"distinct\": ").append(tally.size())
                .append(", \"other\": ").append(tally.other()).append('}');
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

}
