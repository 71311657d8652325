package dev.ringcast.examples.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running example as the channel API documents: {@code PUT}, {@code GET},
 * {@code DELETE /v2/notification/websocket} with {@code Authorization: Bearer <key>} (the JDK's
 * HTTP client), and {@code /v2/notification/websocket-connect} with the JDK's WebSocket client,
 * the key in the header or, as browsers pass it, as a subprotocol.
 */
class IotNotificationServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IotNotificationServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = IotNotificationServer.start(0, Duration.ofHours(24));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void putGetAndDeleteManageTheChannelBoundToTheApiKey() throws Exception {
        String key = newKey();
        assertEquals(404, channel("GET", key).statusCode());
        HttpResponse<String> created = channel("PUT", key);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("{\"queue_size\":0,\"status\":\"disconnected\"}", created.body());
        assertEquals(200, channel("PUT", key).statusCode(), "registering again updates it");
        HttpResponse<String> read = channel("GET", key);
        assertEquals(200, read.statusCode());
        assertEquals("{\"queue_size\":0,\"status\":\"disconnected\"}", read.body());

        String otherKey = newKey();
        assertEquals(404, channel("GET", otherKey).statusCode(), "another key has its own channel, or none");
        assertEquals(404, channel("DELETE", otherKey).statusCode());

        HttpResponse<String> deleted = channel("DELETE", key);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, channel("GET", key).statusCode());
        assertEquals(404, channel("DELETE", key).statusCode());
    }

    @Test
    void requestsWithoutAnApiKeyAre401() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("v2/notification/websocket"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(JSON.readTree(r.body()).path("error").asText().contains("Authorization: Bearer"), r.body());

        Socket socket = new Socket();
        http.newWebSocketBuilder().buildAsync(connectUri(), socket).get(10, TimeUnit.SECONDS);
        assertEquals(1008, socket.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void notificationsPublishedWhileDisconnectedAreDeliveredOnConnect() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        Event first = server.devices().publishChange("device-01", DeviceSimulator.TEMPERATURE, "21.5");
        Event second = server.devices().publishChange("device-02", DeviceSimulator.TEMPERATURE, "19.0");
        assertEquals("{\"queue_size\":2,\"status\":\"disconnected\"}", channel("GET", key).body());

        Socket socket = new Socket();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(connectUri(), socket).get(10, TimeUnit.SECONDS);
        try {
            assertEquals("subscribed", socket.next().path("type").asText());
            JsonNode one = socket.next();
            JsonNode two = socket.next();
            assertEquals(first.id(), one.path("id").asLong());
            assertEquals(second.id(), two.path("id").asLong());
            assertEquals(DeviceSimulator.TYPE, one.path("type").asText());
            JsonNode notification = one.at("/data/notifications/0");
            assertEquals("device-01", notification.path("ep").asText());
            assertEquals("/3303/0/5700", notification.path("path").asText());
            assertEquals("text/plain", notification.path("ct").asText());
            assertEquals("21.5", new String(Base64.getDecoder().decode(notification.path("payload").asText()),
                    StandardCharsets.UTF_8));
            assertEquals(0, notification.path("max-age").asInt());

            Event live = server.devices().publishChange("device-03", DeviceSimulator.TEMPERATURE, "22.0");
            assertEquals(live.id(), socket.next().path("id").asLong(), "then live notifications");
            assertEquals("{\"queue_size\":0,\"status\":\"connected\"}", channel("GET", key).body());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNewConnectionIsAcceptedAndTheOlderOneClosed() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        Socket older = new Socket();
        http.newWebSocketBuilder().header("Authorization", "Bearer " + key).buildAsync(connectUri(), older)
                .get(10, TimeUnit.SECONDS);
        assertEquals("subscribed", older.next().path("type").asText());

        Socket newer = new Socket();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(connectUri(), newer).get(10, TimeUnit.SECONDS);
        try {
            assertEquals(4001, older.closed.get(10, TimeUnit.SECONDS), "replaced by the newer connection");
            assertEquals("subscribed", newer.next().path("type").asText());
            Event e = server.devices().publishChange("device-01", DeviceSimulator.TEMPERATURE, "20.0");
            assertEquals(e.id(), newer.next().path("id").asLong());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrowserPassesTheKeyAsASubprotocolAndTheServerSelectsWss() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        Socket socket = new Socket();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("wss", "pelion_" + key)
                .buildAsync(connectUri(), socket).get(10, TimeUnit.SECONDS);
        try {
            assertEquals("wss", ws.getSubprotocol(), "a browser fails the handshake unless one it offered is selected");
            assertEquals("subscribed", socket.next().path("type").asText());
            Event e = server.devices().publishChange("device-02", DeviceSimulator.TEMPERATURE, "23.5");
            assertEquals(e.id(), socket.next().path("id").asLong());
            assertEquals("{\"queue_size\":0,\"status\":\"connected\"}", channel("GET", key).body());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void deleteClosesTheOpenConnection() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        Socket socket = new Socket();
        http.newWebSocketBuilder().header("Authorization", "Bearer " + key).buildAsync(connectUri(), socket)
                .get(10, TimeUnit.SECONDS);
        assertEquals("subscribed", socket.next().path("type").asText());
        assertEquals(204, channel("DELETE", key).statusCode());
        assertEquals(4002, socket.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aChannelWithoutAConnectionExpiresAfterTheConfiguredPeriod() throws Exception {
        try (IotNotificationServer shortLived = IotNotificationServer.start(0, Duration.ofMillis(300))) {
            String key = newKey();
            URI channel = shortLived.uri().resolve("v2/notification/websocket");
            assertEquals(201, send(channel, "PUT", key).statusCode());
            Thread.sleep(600);
            assertEquals(404, send(channel, "GET", key).statusCode(), "expired: deleted with what waited for it");
            Socket socket = new Socket();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                    .buildAsync(URI.create("ws://127.0.0.1:" + shortLived.uri().getPort()
                            + "/v2/notification/websocket-connect"), socket).get(10, TimeUnit.SECONDS);
            assertEquals(1008, socket.closed.get(10, TimeUnit.SECONDS), "no channel to connect to");
        }
    }

    @Test
    void aPlainGetOnTheConnectPathSaysToUpgrade() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("v2/notification/websocket-connect"))
                .header("Authorization", "Bearer " + newKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(426, r.statusCode(), r.body());
    }

    private static String newKey() {
        return "ak_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static URI connectUri() {
        return URI.create("ws://127.0.0.1:" + server.uri().getPort() + "/v2/notification/websocket-connect");
    }

    private static HttpResponse<String> channel(String method, String key) throws IOException, InterruptedException {
        return send(server.uri().resolve("v2/notification/websocket"), method, key);
    }

    private static HttpResponse<String> send(URI uri, String method, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Collects a JDK WebSocket's text messages as JSON, and its close code. */
    static final class Socket implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

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
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws InterruptedException, IOException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return JSON.readTree(m);
        }
    }
}
