package dev.ringcast.examples.mediaserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import dev.ringcast.examples.NodeClients;
import dev.ringcast.examples.mediaserver.Notification.PlaySessionStateNotification;
import dev.ringcast.examples.mediaserver.Notification.TimelineEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The media server's own TypeScript SDK, {@code @lukehagar/plexjs} 0.43.0 from npm, run by node
 * against the example exactly as its documents' usage snippets call it: {@code new PlexAPI({...,
 * token})} with {@code serverURL} pointed at the example, then {@code events.getNotifications({})}
 * and {@code events.connectWebSocket({})}. Both are plain {@code GET}s sending
 * {@code Accept: application/octet-stream}, and the SDK takes only a 200 of that content type as
 * the stream; {@code connectWebSocket} does not upgrade. Each must return a stream that carries
 * the events published, filtered as documented (no {@code filter}: every type but {@code log}).
 */
@Timeout(120)
class MediaServerSdkTest {

    private static final String TOKEN = "sdk-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MediaServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeClients.install(); // npm ci of the pinned SDK, before the server's clock starts mattering
        server = MediaServer.start(0, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String serverUrl() {
        String uri = server.uri().toString();
        return uri.substring(0, uri.length() - 1); // the SDK joins "/:/..." to it
    }

    @Test
    void getNotificationsReturnsAnOctetStreamCarryingEveryTypeButLogs() throws Exception {
        assertStreamCarriesThePublishedEvents("getNotifications");
    }

    @Test
    void connectWebSocketIsAPlainGetThatReturnsTheSameStream() throws Exception {
        assertStreamCarriesThePublishedEvents("connectWebSocket");
    }

    private void assertStreamCarriesThePublishedEvents(String operation) throws Exception {
        try (NodeClients.Script sdk = NodeClients.run("plex-events.mjs", serverUrl(), TOKEN, operation, "2")) {
            JsonNode response = sdk.next(WAIT);
            assertEquals("response", response.get("kind").asText(), response.toString());
            assertEquals(200, response.get("statusCode").asInt());
            assertEquals("application/octet-stream", response.get("contentType").asText(), "what the SDK asked for");
            assertTrue(response.get("stream").asBoolean(), "the result carries a ReadableStream");

            server.hub().publish(MediaServer.TOPIC, "log", Map.of("message", "left out by default"));
            Event playing = server.hub().publish(MediaServer.TOPIC, "playing", Notification.playing(
                    new PlaySessionStateNotification("1", "abc123", "1025", "/library/metadata/1025", 0, "playing")));
            Event timeline = server.hub().publish(MediaServer.TOPIC, "timeline", Notification.timeline(
                    new TimelineEntry("com.plexapp.plugins.library", "1", "1001", 1, "Movie", 5, 1_700_000_000L)));

            assertEvent(playing, sdk.next(WAIT));
            assertEvent(timeline, sdk.next(WAIT));
            assertEquals(0, sdk.awaitExit(WAIT));
        }
    }

    @Test
    void theSdksRepeatedFilterParameterSelectsTypesAsFiltersDoes() throws Exception {
        try (NodeClients.Script onlyLogs = NodeClients.run("plex-events.mjs", serverUrl(), TOKEN, "getNotifications", "1",
                "log");
             NodeClients.Script allButPlaying = NodeClients.run("plex-events.mjs", serverUrl(), TOKEN, "connectWebSocket",
                     "2", "-playing")) {
            assertEquals(200, onlyLogs.next(WAIT).get("statusCode").asInt());
            assertEquals(200, allButPlaying.next(WAIT).get("statusCode").asInt());
            Event log = server.hub().publish(MediaServer.TOPIC, "log", Map.of("message", "a log line"));
            server.hub().publish(MediaServer.TOPIC, "playing", Map.of("state", "paused"));
            Event timeline = server.hub().publish(MediaServer.TOPIC, "timeline", Map.of("state", 5));

            assertEvent(log, onlyLogs.next(WAIT));
            List<JsonNode> got = new ArrayList<>(List.of(allButPlaying.next(WAIT), allButPlaying.next(WAIT)));
            assertEvent(log, got.get(0));
            assertEvent(timeline, got.get(1));
        }
    }

    @Test
    void withoutATokenTheSdkGets401AndTheJsonError() throws Exception {
        for (String operation : List.of("getNotifications", "connectWebSocket")) {
            try (NodeClients.Script sdk = NodeClients.run("plex-events.mjs", serverUrl(), "-", operation, "1")) {
                JsonNode error = sdk.next(WAIT);
                assertEquals("error", error.get("kind").asText(), error.toString());
                assertEquals(401, error.get("statusCode").asInt(), error.toString());
                assertTrue(JSON.readTree(error.get("body").asText()).get("error").asText().contains("X-Plex-Token"),
                        error.toString());
            }
        }
    }

    private static void assertEvent(Event expected, JsonNode line) {
        assertEquals("event", line.get("kind").asText(), line.toString());
        assertEquals(expected.type(), line.get("event").asText(), line.toString());
        assertEquals(Long.toString(expected.id()), line.get("id").asText());
        assertEquals(expected.dataJson(), line.get("data").asText());
    }
}
