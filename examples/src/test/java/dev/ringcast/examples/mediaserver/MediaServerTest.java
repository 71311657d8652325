package dev.ringcast.examples.mediaserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import dev.ringcast.core.Event;
import dev.ringcast.examples.SseClients;
import dev.ringcast.examples.mediaserver.Notification.PlaySessionStateNotification;
import dev.ringcast.examples.mediaserver.Notification.TimelineEntry;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running example as a client written from the SDK documents would:
 * {@code GET /:/eventsource/notifications} with a real SSE client and
 * {@code GET /:/websocket/notifications} with the JDK's WebSocket client (and raw handshakes, to
 * read a refusal), the token as the {@code X-Plex-Token} header or query parameter, and the
 * documented {@code filters}: {@code -log} by default, {@code foo,bar} only those, {@code -foo,bar}
 * all but those, empty for all, or {@code filter} repeated as the generated SDKs send it. The SDK
 * itself runs in {@link MediaServerSdkTest}.
 */
class MediaServerTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(300);

    private static MediaServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = MediaServer.start(0, TOKEN);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theEventSourceCarriesNotificationContainersOfTheFilteredTypesOnly() throws Exception {
        URI uri = server.uri().resolve("/:/eventsource/notifications?filters=playing,activity");
        try (EventSource es = SseClients.open(uri, Map.of("X-Plex-Token", TOKEN), null)) {
            es.start();
            server.hub().publish(MediaServer.TOPIC, "timeline", Notification.timeline(
                    new TimelineEntry("com.plexapp.plugins.library", "1", "1001", 1, "Movie", 5, 1_700_000_000L)));
            Event playing = server.hub().publish(MediaServer.TOPIC, "playing", Notification.playing(
                    new PlaySessionStateNotification("1", "abc123", "1025", "/library/metadata/1025", 60_000, "paused")));
            ActivityReporter.Running scan = server.activities().start("library.update.section", "Scanning Movies",
                    Map.of("librarySectionID", "1"));
            scan.update(50, "Processing");
            scan.end();

            MessageEvent first = es.readMessage();
            assertEquals("playing", first.getEventName(), "the timeline notification is filtered out");
            assertEquals(Long.toString(playing.id()), first.getLastEventId());
            assertEquals("{\"NotificationContainer\":{\"type\":\"playing\",\"size\":1,\"PlaySessionStateNotification\":"
                    + "[{\"sessionKey\":\"1\",\"clientIdentifier\":\"abc123\",\"ratingKey\":\"1025\","
                    + "\"key\":\"/library/metadata/1025\",\"viewOffset\":60000,\"state\":\"paused\"}]}}", first.getData());

            List<JsonNode> activity = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MessageEvent m = es.readMessage();
                assertEquals("activity", m.getEventName());
                activity.add(JSON.readTree(m.getData()));
            }
            for (JsonNode n : activity) {
                JsonNode container = n.get("NotificationContainer");
                assertEquals("activity", container.get("type").asText());
                assertEquals(1, container.get("size").asInt());
                assertEquals(scan.uuid(), container.at("/ActivityNotification/0/uuid").asText());
                assertEquals(scan.uuid(), container.at("/ActivityNotification/0/Activity/uuid").asText());
                assertEquals("library.update.section", container.at("/ActivityNotification/0/Activity/type").asText());
                assertEquals("1", container.at("/ActivityNotification/0/Activity/Context/librarySectionID").asText());
                assertEquals(List.of("NotificationContainer"), fieldNames(n));
                assertEquals(List.of("type", "size", "ActivityNotification"), fieldNames(container));
            }
            assertEquals(List.of("started", "updated", "ended"),
                    activity.stream().map(n -> n.at("/NotificationContainer/ActivityNotification/0/event").asText()).toList());
            assertEquals(List.of(0, 50, 100),
                    activity.stream().map(n -> n.at("/NotificationContainer/ActivityNotification/0/Activity/progress").asInt())
                            .toList());
        }
    }

    @Test
    void theTokenMayBeAQueryParameterAndIsRequired() throws Exception {
        HttpResponse<java.io.InputStream> withQueryToken = http.send(HttpRequest.newBuilder(
                server.uri().resolve("/:/eventsource/notifications?X-Plex-Token=" + TOKEN))
                .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, withQueryToken.statusCode());
        assertEquals("text/event-stream;charset=utf-8", withQueryToken.headers().firstValue("Content-Type").orElse(""));
        withQueryToken.body().close();

        // A client that percent-encodes the colon reaches the same stream.
        HttpResponse<java.io.InputStream> encoded = http.send(HttpRequest.newBuilder(
                URI.create(server.uri() + "%3A/eventsource/notifications?X-Plex-Token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, encoded.statusCode());
        encoded.body().close();

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(
                server.uri().resolve("/:/eventsource/notifications")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertTrue(JSON.readTree(none.body()).path("error").asText().contains("X-Plex-Token"), none.body());

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(server.uri().resolve("/:/eventsource/notifications"))
                .header("X-Plex-Token", "guess").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode(), wrong.body());

        HttpResponse<String> otherTopic = http.send(HttpRequest.newBuilder(server.uri().resolve("/:/eventsource/other"))
                .header("X-Plex-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, otherTopic.statusCode(), otherTopic.body());
    }

    @Test
    void byDefaultEveryTypeButLogIsSentOnTheEventSourceAndTheWebSocket() throws Exception {
        try (EventSource es = SseClients.open(server.uri().resolve(MediaServer.EVENTSOURCE_PATH), Map.of("X-Plex-Token", TOKEN), null);
             WebSocketTestClient ws = webSocket("")) {
            es.start();
            publishEachType();
            assertEquals(List.of("activity", "playing", "timeline"), sseTypes(es, 3), "filters=-log is the default");
            assertEquals(List.of("activity", "playing", "timeline"), wsTypes(ws, 3));
            assertNull(ws.poll(QUIET));
        }
    }

    @Test
    void negatedFiltersLeaveOutTheNamedTypesOnTheEventSourceAndTheWebSocket() throws Exception {
        try (EventSource noActivity = SseClients.open(server.uri().resolve(MediaServer.EVENTSOURCE_PATH + "?filters=-activity"),
                Map.of("X-Plex-Token", TOKEN), null);
             EventSource explicitDefault = SseClients.open(server.uri().resolve(MediaServer.EVENTSOURCE_PATH + "?filters=-log"),
                     Map.of("X-Plex-Token", TOKEN), null);
             WebSocketTestClient wsNoActivity = webSocket("?filters=-activity");
             WebSocketTestClient wsNotLogNorPlaying = webSocket("?filters=-log,playing");
             WebSocketTestClient wsAll = webSocket("?filters=");
             WebSocketTestClient wsRepeated = webSocket("?filter=timeline&filter=log")) {
            noActivity.start();
            explicitDefault.start();
            publishEachType();
            assertEquals(List.of("log", "playing", "timeline"), sseTypes(noActivity, 3), "filters=-activity: all but activity");
            assertEquals(List.of("activity", "playing", "timeline"), sseTypes(explicitDefault, 3), "filters=-log");
            assertEquals(List.of("log", "playing", "timeline"), wsTypes(wsNoActivity, 3));
            assertEquals(List.of("activity", "timeline"), wsTypes(wsNotLogNorPlaying, 2), "filters=-foo,bar: all but both");
            assertEquals(List.of("log", "activity", "playing", "timeline"), wsTypes(wsAll, 4), "filters= : every type");
            assertEquals(List.of("log", "timeline"), wsTypes(wsRepeated, 2), "the SDKs' filter=a&filter=b: only those");
        }
    }

    @Test
    void theWebSocketCarriesTheSameNotificationsAsBareContainers() throws Exception {
        try (WebSocketTestClient ws = webSocket("?filters=timeline,activity")) {
            server.hub().publish(MediaServer.TOPIC, "playing", Notification.playing(
                    new PlaySessionStateNotification("1", "abc123", "1025", "/library/metadata/1025", 0, "playing")));
            Event timeline = server.hub().publish(MediaServer.TOPIC, "timeline", Notification.timeline(
                    new TimelineEntry("com.plexapp.plugins.library", "1", "1001", 1, "Movie", 5, 1_700_000_000L)));
            ActivityReporter.Running scan = server.activities().start("library.update.section", "Scanning Movies",
                    Map.of("librarySectionID", "1"));

            assertEquals(timeline.dataJson(), ws.next(), "the message is the NotificationContainer itself, first");
            JsonNode started = ws.nextJson();
            assertEquals(List.of("NotificationContainer"), fieldNames(started));
            assertEquals("started", started.at("/NotificationContainer/ActivityNotification/0/event").asText());
            assertEquals(scan.uuid(), started.at("/NotificationContainer/ActivityNotification/0/uuid").asText());
            assertNull(ws.poll(QUIET), "the playing notification is filtered out, and nothing of Ringcast's own is sent");
        }
    }

    @Test
    void aWebSocketHandshakeWithoutAValidTokenGetsTheSame401AndBodyAsTheEventSource() throws Exception {
        for (String query : List.of("", "?X-Plex-Token=guess")) {
            HttpResponse<String> sse = http.send(HttpRequest.newBuilder(
                    server.uri().resolve(MediaServer.EVENTSOURCE_PATH + query)).build(), HttpResponse.BodyHandlers.ofString());
            RawHttpClient.Response ws = new RawHttpClient(server.uri().getPort())
                    .webSocketHandshake(MediaServer.WEBSOCKET_PATH + query, Map.of());
            assertEquals(401, sse.statusCode());
            assertEquals(401, ws.status(), "refused before the upgrade");
            assertEquals(sse.body(), ws.body());
            assertTrue(ws.header("Content-Type").startsWith("application/json"), ws.header("Content-Type"));
            assertTrue(JSON.readTree(ws.body()).get("error").asText().contains("X-Plex-Token"), ws.body());
        }
        assertEquals(401, JdkWebSocketClient.refusal(wsUri(""), Map.of("X-Plex-Token", "guess")));
    }

    @Test
    void aPlainGetOnTheWebSocketPathServesTheEventStream() throws Exception {
        HttpResponse<java.io.InputStream> sse = http.send(HttpRequest.newBuilder(server.uri().resolve(MediaServer.WEBSOCKET_PATH))
                .header("X-Plex-Token", TOKEN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        assertEquals("text/event-stream;charset=utf-8", sse.headers().firstValue("Content-Type").orElse(""));
        sse.body().close();
        HttpResponse<java.io.InputStream> octets = http.send(HttpRequest.newBuilder(server.uri().resolve(MediaServer.WEBSOCKET_PATH))
                .header("X-Plex-Token", TOKEN).header("Accept", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, octets.statusCode());
        assertEquals("application/octet-stream", octets.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        octets.body().close();
    }

    private static void publishEachType() {
        for (String type : List.of("log", "activity", "playing", "timeline")) {
            server.hub().publish(MediaServer.TOPIC, type, Map.of("NotificationContainer", Map.of("type", type, "size", 0)));
        }
    }

    private static List<String> sseTypes(EventSource es, int n) throws Exception {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(es.readMessage().getEventName());
        }
        return types;
    }

    private static List<String> wsTypes(WebSocketTestClient ws, int n) throws Exception {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(ws.nextJson().at("/NotificationContainer/type").asText());
        }
        return types;
    }

    private static URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + server.uri().getPort() + MediaServer.WEBSOCKET_PATH + query);
    }

    /** Connects with the token header and waits until the connection reads the stream (it sends no frame to say so). */
    private static WebSocketTestClient webSocket(String query) throws Exception {
        int before = server.hub().subscriptionCount();
        WebSocketTestClient ws = JdkWebSocketClient.connect(wsUri(query), Map.of("X-Plex-Token", TOKEN));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.hub().subscriptionCount() <= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.hub().subscriptionCount() > before, "the socket subscribed");
        return ws;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
