package dev.closenotify.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    private final List<String> complaints = new ArrayList<>();

    private Policy parse(String args, String... keyValues) {
        Properties system = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            system.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return AgentOptions.parse(args, system, complaints::add).startPolicy();
    }

    @Test
    void defaultsToLogWithoutComplaint() {
        assertEquals(Policy.LOG, parse(null));
        assertEquals(Policy.LOG, parse(""));
        assertEquals(List.of(), complaints);
    }

    @Test
    void readsEveryPolicyFromAgentArgumentAndProperty() {
        for (Policy policy : Policy.values()) {
            assertEquals(policy, parse("policy=" + policy.id()));
            assertEquals(policy, parse(null, "closenotify.policy", policy.id()));
        }
        assertEquals(List.of(), complaints);
    }

    @Test
    void systemPropertyWinsOverAgentArgument() {
        assertEquals(Policy.COUNT, parse("policy=throw", "closenotify.policy", "count"));
    }

    @Test
    void acceptsPrefixedAgentArgumentAndBlanks() {
        assertEquals(Policy.THROW, parse(" closenotify.policy = throw ,"));
        assertEquals(List.of(), complaints);
    }

    @Test
    void invalidValueIsReportedOnceWithTheDocumentedFallback() {
        assertEquals(Policy.LOG, parse(null, "closenotify.policy", "thorw"));
        assertEquals(List.of("invalid value 'thorw' for closenotify.policy (expected "
                + "off|count|log|throw); using 'log'"), complaints);
    }

    @Test
    void invalidPropertyFallsBackToTheAgentArgument() {
        assertEquals(Policy.COUNT, parse("policy=count", "closenotify.policy", "LOG"));
        assertEquals(1, complaints.size());
        assertTrue(complaints.get(0).contains("'LOG'") && complaints.get(0).endsWith("using 'count'"),
                complaints.get(0));
    }

    @Test
    void unknownAndMalformedInputsAreNamed() {
        assertEquals(Policy.THROW, parse("polcy=count,junk,policy=throw", "closenotify.plicy", "x",
                "other.key", "ignored"));
        assertEquals(3, complaints.size(), complaints.toString());
        assertTrue(complaints.contains("unknown agent argument 'polcy' (known: policy); ignored"));
        assertTrue(complaints.contains(
                "malformed agent argument 'junk' (expected key=value, e.g. policy=log); ignored"));
        assertTrue(complaints.contains(
                "unknown property closenotify.plicy (known: closenotify.policy); ignored"));
    }

    @Test
    void emptyValueIsInvalidNotAbsent() {
        assertEquals(Policy.LOG, parse("policy="));
        assertEquals(1, complaints.size());
        assertTrue(complaints.get(0).startsWith("invalid value '' for agent argument policy"));
    }

    @Test
    void controlCharactersAndHugeValuesAreShownSafely() {
        parse(null, "closenotify.policy", "a\nb" + "x".repeat(500));
        String message = complaints.get(0);
        assertTrue(message.contains("a\\u000ab"), message);
        assertTrue(message.contains("(503 chars)"), message);
        assertTrue(message.length() < 250, message);
    }
}
