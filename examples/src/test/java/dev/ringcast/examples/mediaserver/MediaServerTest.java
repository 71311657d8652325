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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running example as the SDK documents do: {@code GET /:/eventsource/notifications}
 * with a real SSE client and {@code GET /:/websocket/notifications} with the JDK's WebSocket
 * client, the token as the {@code X-Plex-Token} header or query parameter, {@code filters}
 * selecting event types.
 */
class MediaServerTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

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
                server.uri().resolve("/:/eventsource/notifications?X-Plex-Token=" + TOKEN)).build(),
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
    void theWebSocketCarriesTheSameNotificationsAsBareContainers() throws Exception {
        Frames frames = new Frames();
        int subscriptionsBefore = server.hub().subscriptionCount();
        WebSocket ws = http.newWebSocketBuilder().header("X-Plex-Token", TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.uri().getPort()
                        + "/:/websocket/notifications?filters=timeline,activity"), frames)
                .get(10, TimeUnit.SECONDS);
        try {
            awaitSubscriptionCountAbove(subscriptionsBefore); // the socket subscribes in onOpen, after the handshake
            server.hub().publish(MediaServer.TOPIC, "playing", Notification.playing(
                    new PlaySessionStateNotification("1", "abc123", "1025", "/library/metadata/1025", 0, "playing")));
            Event timeline = server.hub().publish(MediaServer.TOPIC, "timeline", Notification.timeline(
                    new TimelineEntry("com.plexapp.plugins.library", "1", "1001", 1, "Movie", 5, 1_700_000_000L)));
            ActivityReporter.Running scan = server.activities().start("library.update.section", "Scanning Movies",
                    Map.of("librarySectionID", "1"));

            assertEquals(timeline.dataJson(), frames.next(), "the message is the NotificationContainer itself");
            JsonNode started = JSON.readTree(frames.next());
            assertEquals("started", started.at("/NotificationContainer/ActivityNotification/0/event").asText());
            assertEquals(scan.uuid(), started.at("/NotificationContainer/ActivityNotification/0/uuid").asText());
            assertNull(frames.poll(200), "the playing notification is filtered out");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWebSocketWithoutAValidTokenIsClosedWithPolicyViolation() throws Exception {
        Frames frames = new Frames();
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.uri().getPort()
                + "/:/websocket/notifications?X-Plex-Token=guess"), frames).get(10, TimeUnit.SECONDS);
        assertEquals(1008, frames.closed.get(10, TimeUnit.SECONDS));
        assertTrue(frames.closeReason.contains("401"), frames.closeReason);
    }

    private static void awaitSubscriptionCountAbove(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.hub().subscriptionCount() <= count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.hub().subscriptionCount() > count, "the socket subscribed");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Collects a JDK WebSocket's text messages and its close. */
    static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String closeReason = "";

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        }

        String poll(long millis) throws InterruptedException {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        }
    }
}
