package dev.closenotify.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closenotify.agent.framing.Framing;
import dev.closenotify.agent.framing.Harm;
import dev.closenotify.agent.model.Exchange;
import dev.closenotify.agent.model.Kind;
import dev.closenotify.agent.model.Transport;
import dev.closenotify.agent.model.TruncationEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** The JFR event as Mission Control and {@code jfr print} see it, recorded for real. */
class JfrSinkTest {

    @Test
    void harmAndFramingAreLabelledAndDescribedStringFields() {
        EventType type = EventType.getEventType(JfrTruncationEvent.class);
        assertEquals("closenotify.Truncation", type.getName());
        for (String name : List.of("harm", "framing", "stack")) {
            ValueDescriptor field = type.getField(name);
            assertNotNull(field, name);
            assertEquals("java.lang.String", field.getTypeName(), name);
            assertNotNull(field.getDescription(), name);
        }
        assertEquals("Harm", type.getField("harm").getLabel());
        assertEquals("Framing", type.getField("framing").getLabel());
        assertEquals("Stack", type.getField("stack").getLabel());
        assertTrue(type.getField("harm").getDescription().contains("silent"));
        assertTrue(type.getField("framing").getDescription().contains("close-delimited"));
    }

    @Test
    void eachEventCarriesItsHarmAndFraming() throws Exception {
        Path file = Files.createTempFile("closenotify-jfr", ".jfr");
        List<RecordedEvent> recorded = new ArrayList<>();
        try (Recording recording = new Recording()) {
            recording.enable("closenotify.Truncation");
            recording.start();
            JfrSink sink = new JfrSink(true);
            sink.emit(event(Harm.SILENT, Framing.CLOSE_DELIMITED, 1001));
            sink.emit(event(Harm.DETECTED, Framing.CHUNKED, 1002));
            sink.emit(event(null, null, 1003));
            recording.stop();
            recording.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals("closenotify.Truncation")) {
                    recorded.add(e);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        recorded.sort((a, b) -> Integer.compare(a.getInt("peerPort"), b.getInt("peerPort")));
        assertEquals(3, recorded.size(), recorded.toString());
        assertEquals("silent", recorded.get(0).getString("harm"));
        assertEquals("close-delimited", recorded.get(0).getString("framing"));
        assertEquals("mid-stream", recorded.get(0).getString("exchange"));
        assertEquals("jsse-socket", recorded.get(0).getString("stack"));
        assertEquals("detected", recorded.get(1).getString("harm"));
        assertEquals("chunked", recorded.get(1).getString("framing"));
        assertEquals("unknown", recorded.get(2).getString("harm"), "a missing verdict");
        assertEquals("unknown", recorded.get(2).getString("framing"));
    }

    private static TruncationEvent event(Harm harm, Framing framing, int port) {
        return new TruncationEvent(Kind.TRUNCATED, Transport.SOCKET, "jsse-socket", "client",
                "jfr.test", "192.0.2.1", port, -1, "TLSv1.3", null, false, Exchange.MID_STREAM, harm, framing,
                10, 20, 1, 2, null);
    }
}
