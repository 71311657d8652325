package dev.ringcast.examples.tvrecorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import dev.ringcast.core.Event;
import dev.ringcast.examples.SseClients;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads {@code GET /events} with a real SSE client (LaunchDarkly's okhttp-eventsource) while the
 * simulator publishes its script, and checks every payload against the document's JSON schema.
 */
class TvRecorderServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TvRecorderServer server;
    private static DocumentedSchemas schemas;

    @BeforeAll
    static void start() {
        server = TvRecorderServer.start(0);
        schemas = new DocumentedSchemas();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyDocumentedEventArrivesOverSseAndMatchesTheDocumentedSchema() throws Exception {
        List<MessageEvent> received = new ArrayList<>();
        List<Event> published;
        try (EventSource es = SseClients.open(server.uri().resolve("events"), Map.of(), null)) {
            es.start(); // connected: what is published from here on arrives
            published = server.simulator().publishScript();
            for (int i = 0; i < published.size(); i++) {
                received.add(es.readMessage());
            }
        }

        Set<String> types = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (int i = 0; i < published.size(); i++) {
            MessageEvent m = received.get(i);
            Event e = published.get(i);
            assertEquals(e.type(), m.getEventName());
            assertEquals(Long.toString(e.id()), m.getLastEventId());
            assertEquals(e.dataJson(), m.getData(), "the data as the hub encoded it, once");
            JsonNode data = JSON.readTree(m.getData());
            assertEquals(List.of(), schemas.validate(m.getEventName(), data), m.getEventName() + " " + m.getData());
            assertEquals(List.of(), schemas.propertyMismatches(m.getEventName(), data), m.getEventName() + " " + m.getData());
            types.add(m.getEventName());
            if (m.getEventName().equals("recording.failed")) {
                reasons.add(data.path("reason").path("type").asText());
            }
        }
        assertEquals(Set.copyOf(DocumentedSchemas.TYPES), types, "every documented event type");
        assertEquals(Set.copyOf(DocumentedSchemas.FAILURE_REASONS), reasons, "every recording.failed reason");
    }

    @Test
    void recordsEncodeToTheDocumentedJsonAndReadBackToTheSameRecord() throws Exception {
        for (TvEvent event : RecorderSimulator.script(1_700_000_000_000L)) {
            JsonNode json = JSON.valueToTree(event);
            assertEquals(List.of(), schemas.validate(event.eventType(), json), event.eventType() + " " + json);
            assertEquals(event, JSON.treeToValue(json, event.getClass()), json.toString());
        }
        assertEquals("{\"programId\":1,\"reason\":{\"type\":\"io-error\",\"message\":\"disk full\",\"osError\":null}}",
                JSON.writeValueAsString(new TvEvent.RecordingFailed(1, new RecordingFailureReason.IoError("disk full", null))));
        assertEquals("{\"programId\":1,\"reason\":{\"type\":\"need-rescheduling\"}}",
                JSON.writeValueAsString(new TvEvent.RecordingFailed(1, new RecordingFailureReason.NeedRescheduling())));
    }

    @Test
    void theSchemasRejectPayloadsThatBreakThem() throws Exception {
        assertFalse(schemas.validate("recording.started", JSON.readTree("{\"programId\":\"42\"}")).isEmpty());
        assertFalse(schemas.validate("recording.failed",
                JSON.readTree("{\"programId\":1,\"reason\":{\"type\":\"pipeline-error\",\"exitCode\":\"x\"}}")).isEmpty());
        assertFalse(schemas.validate("recording.failed",
                JSON.readTree("{\"programId\":1,\"reason\":{\"type\":\"disk-on-fire\"}}")).isEmpty());
        assertFalse(schemas.validate("timeshift.timeline",
                JSON.readTree("{\"recorder\":\"r\",\"startTime\":\"soon\",\"endTime\":null,\"duration\":0}")).isEmpty());
        assertFalse(schemas.propertyMismatches("timeshift.record-ended", JSON.readTree("{\"recorder\":\"r\"}")).isEmpty());
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsWhatItMissedOnce() throws Exception {
        List<Event> published = server.simulator().publishScript();
        Event seen = published.get(4);
        try (EventSource es = SseClients.open(server.uri().resolve("events"), Map.of(), Long.toString(seen.id()))) {
            for (Event e : published.subList(5, published.size())) {
                MessageEvent m = es.readMessage();
                assertEquals(Long.toString(e.id()), m.getLastEventId());
                assertEquals(e.type(), m.getEventName());
            }
        }
    }
}
