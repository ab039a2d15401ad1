package dev.closenotify.it.libs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line the agent logged on the {@code closenotify} logger, split into its {@code key=value}
 * fields: {@code TLS peer closed without close_notify: kind=.. exchange=.. harm=.. framing=..
 * peer=.. role=.. protocol=.. cipher=.. transport=.. midRecord=.. callSite=..}.
 */
record AgentEvent(String level, String line, Map<String, String> fields) {

    static final String PREFIX = "TLS peer closed without close_notify: ";

    static AgentEvent parse(String level, String line) {
        if (!line.startsWith(PREFIX)) {
            throw new AssertionError("not an agent event line: " + line);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.substring(PREFIX.length()).split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return new AgentEvent(level, line, fields);
    }

    String kind() {
        return fields.getOrDefault("kind", "?");
    }

    /** The interface from main: idle, awaiting, mid-stream or unknown; null when absent. */
    String exchange() {
        return fields.get("exchange");
    }

    /** none, detected, silent or unknown; null when absent. */
    String harm() {
        return fields.get("harm");
    }

    /** content-length, chunked, close-delimited, no-body, between-messages, headers, h2, unknown. */
    String framing() {
        return fields.get("framing");
    }

    /** The field names in line order, to check where harm= and framing= stand. */
    java.util.List<String> order() {
        return java.util.List.copyOf(fields.keySet());
    }

    String role() {
        return fields.get("role");
    }

    String transport() {
        return fields.get("transport");
    }

    String protocol() {
        return fields.get("protocol");
    }

    @Override
    public String toString() {
        return level + " " + line;
    }
}
