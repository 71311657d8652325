package dev.ringcast.examples.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.WebSocketTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running example as a client written from the channel API's document would:
 * {@code PUT}, {@code GET}, {@code DELETE /v2/notification/websocket} with
 * {@code Authorization: Bearer <key>} (the JDK's HTTP client, the documented {@code Content-Type}
 * and {@code Accept}), and {@code GET /v2/notification/websocket-connect} with
 * {@code Connection: Upgrade}, {@code Upgrade: websocket} (the JDK's WebSocket client, and raw
 * handshakes to read a refusal's status and body), the key in the header or, as browsers pass
 * it, as a subprotocol. Messages are the platform's bare {@code NotificationMessage}s.
 */
class IotNotificationServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(300);

    private static IotNotificationServer server;
    private static HttpClient http;

    private final List<WebSocketTestClient> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = IotNotificationServer.start(0, Duration.ofHours(24));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WebSocketTestClient::close);
    }

    @Test
    void registerGetAndDeleteAnswerTheDocumentedStatusesAndWebsocketChannel() throws Exception {
        String key = newKey();
        HttpResponse<String> none = channel("GET", key);
        assertEquals(404, none.statusCode());
        assertEquals(IotNotificationServer.NO_CHANNEL, error(none));

        HttpResponse<String> created = channel("PUT", key);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertWebsocketChannel(created.body(), 0, "disconnected");
        HttpResponse<String> again = channel("PUT", key);
        assertEquals(200, again.statusCode(), "registering again updates it");
        assertWebsocketChannel(again.body(), 0, "disconnected");
        HttpResponse<String> read = channel("GET", key);
        assertEquals(200, read.statusCode());
        assertWebsocketChannel(read.body(), 0, "disconnected");

        String otherKey = newKey();
        assertEquals(404, channel("GET", otherKey).statusCode(), "the channel is bound to the key: another has none");
        assertEquals(404, channel("DELETE", otherKey).statusCode());

        HttpResponse<String> deleted = channel("DELETE", key);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body(), "void (empty response body)");
        assertEquals(404, channel("GET", key).statusCode());
        assertEquals(404, channel("DELETE", key).statusCode());
    }

    @Test
    void withoutAnApiKeyEveryOperationIs401WithAJsonErrorTheHandshakeBeforeTheUpgrade() throws Exception {
        for (String method : List.of("PUT", "GET", "DELETE")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(channelUri())
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), method);
            assertTrue(error(r).startsWith("no API key: send Authorization: Bearer <your API key>"), r.body());
        }
        RawHttpClient.Response handshake = raw().webSocketHandshake(IotNotificationServer.CONNECT_PATH, Map.of());
        assertEquals(401, handshake.status(), "refused before the upgrade, not 101 then a close");
        assertTrue(handshake.header("Content-Type").startsWith("application/json"));
        assertTrue(JSON.readTree(handshake.body()).get("error").asText().contains("pelion_"), handshake.body());
        assertEquals(401, JdkWebSocketClient.refusal(connectUri(), Map.of()));
    }

    @Test
    void connectingWithAKeyThatHasNoChannelIs404NamingThisApisRegisterPath() throws Exception {
        RawHttpClient.Response r = raw().webSocketHandshake(IotNotificationServer.CONNECT_PATH,
                Map.of("Authorization", "Bearer " + newKey()));
        assertEquals(404, r.status(), r.body());
        String message = JSON.readTree(r.body()).get("error").asText();
        assertTrue(message.contains("PUT /v2/notification/websocket"), message);
        assertFalse(message.contains("/channels/"), "no path this API does not have: " + message);
    }

    @Test
    void notificationsPublishedWhileDisconnectedArriveOnConnectAsBareNotificationMessages() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        server.devices().publishChange("device-01", DeviceSimulator.TEMPERATURE, "21.5");
        server.devices().publishChange("device-02", DeviceSimulator.TEMPERATURE, "19.0");
        assertWebsocketChannel(channel("GET", key).body(), 2, "disconnected");

        WebSocketTestClient socket = connect(Map.of("Authorization", "Bearer " + key));
        JsonNode one = socket.nextJson();
        assertNotification(one, "device-01", "21.5");
        assertNotification(socket.nextJson(), "device-02", "19.0");

        server.devices().publishChange("device-03", DeviceSimulator.TEMPERATURE, "22.0");
        assertNotification(socket.nextJson(), "device-03", "22.0");
        assertWebsocketChannel(channel("GET", key).body(), 0, "connected");
        assertNull(socket.poll(QUIET), "nothing but notification messages");
    }

    @Test
    void aNewConnectionIsAcceptedAndTheOlderOneClosed() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        WebSocketTestClient older = connect(Map.of("Authorization", "Bearer " + key));
        awaitStatus(key, "connected");

        WebSocketTestClient newer = connect(Map.of("Authorization", "Bearer " + key));
        assertEquals(4001, older.awaitClose(), "replaced by the newer connection");
        server.devices().publishChange("device-01", DeviceSimulator.TEMPERATURE, "20.0");
        assertNotification(newer.nextJson(), "device-01", "20.0");
    }

    @Test
    void aBrowserPassesTheKeyAsASubprotocolAndTheServerSelectsWss() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        WebSocketTestClient socket = JdkWebSocketClient.connect(connectUri(), Map.of(), "wss", "pelion_" + key);
        sockets.add(socket);
        assertEquals("wss", socket.subprotocol(), "a browser fails the handshake unless one it offered is selected");
        awaitStatus(key, "connected");
        server.devices().publishChange("device-02", DeviceSimulator.TEMPERATURE, "23.5");
        assertNotification(socket.nextJson(), "device-02", "23.5");
    }

    @Test
    void deleteClosesTheOpenConnection() throws Exception {
        String key = newKey();
        assertEquals(201, channel("PUT", key).statusCode());
        WebSocketTestClient socket = connect(Map.of("Authorization", "Bearer " + key));
        awaitStatus(key, "connected");
        assertEquals(204, channel("DELETE", key).statusCode());
        assertEquals(4002, socket.awaitClose());
    }

    @Test
    void aChannelWithoutAConnectionExpiresAfterTheConfiguredPeriod() throws Exception {
        try (IotNotificationServer shortLived = IotNotificationServer.start(0, Duration.ofMillis(300))) {
            String key = newKey();
            URI channel = shortLived.uri().resolve(IotNotificationServer.CHANNEL_PATH.substring(1));
            assertEquals(201, send(channel, "PUT", key).statusCode());
            Thread.sleep(600);
            assertEquals(404, send(channel, "GET", key).statusCode(), "expired: deleted with what waited for it");
            RawHttpClient.Response r = new RawHttpClient(shortLived.uri().getPort())
                    .webSocketHandshake(IotNotificationServer.CONNECT_PATH, Map.of("Authorization", "Bearer " + key));
            assertEquals(404, r.status(), "no channel to connect to");
        }
    }

    @Test
    void aPlainGetOnTheConnectPathSaysToUpgrade() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(
                IotNotificationServer.CONNECT_PATH.substring(1))).header("Authorization", "Bearer " + newKey()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(426, r.statusCode(), r.body());
        assertEquals("websocket", r.headers().firstValue("Upgrade").orElse(""));
    }

    /** The document's {@code WebsocketChannel}, field by field: {@code queue_size} and {@code status}, nothing else. */
    private static void assertWebsocketChannel(String body, int queueSize, String status) throws IOException {
        JsonNode channel = JSON.readTree(body);
        assertEquals(List.of("queue_size", "status"), fieldNames(channel), body);
        assertTrue(channel.get("queue_size").isInt(), body);
        assertEquals(queueSize, channel.get("queue_size").asInt(), body);
        assertEquals(status, channel.get("status").asText(), body);
    }

    /** A bare {@code NotificationMessage}: {@code {"notifications":[{ep, path, ct, payload, max-age}]}}. */
    private static void assertNotification(JsonNode message, String device, String value) {
        assertEquals(List.of("notifications"), fieldNames(message), "no envelope: " + message);
        assertEquals(1, message.get("notifications").size());
        JsonNode n = message.get("notifications").get(0);
        assertEquals(List.of("ep", "path", "ct", "payload", "max-age"), fieldNames(n));
        assertEquals(device, n.get("ep").asText());
        assertEquals(DeviceSimulator.TEMPERATURE, n.get("path").asText());
        assertEquals("text/plain", n.get("ct").asText());
        assertEquals(value, new String(Base64.getDecoder().decode(n.get("payload").asText()), StandardCharsets.UTF_8));
        assertEquals(0, n.get("max-age").asInt());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private WebSocketTestClient connect(Map<String, String> headers) throws Exception {
        WebSocketTestClient socket = JdkWebSocketClient.connect(connectUri(), headers);
        sockets.add(socket);
        return socket;
    }

    private static void awaitStatus(String key, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!JSON.readTree(channel("GET", key).body()).path("status").asText().equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the channel's status did not become " + status);
            }
            Thread.sleep(10);
        }
    }

    private static String error(HttpResponse<String> r) throws IOException {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        return JSON.readTree(r.body()).get("error").asText();
    }

    private static String newKey() {
        return "ak_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static RawHttpClient raw() {
        return new RawHttpClient(server.uri().getPort());
    }

    private static URI channelUri() {
        return server.uri().resolve(IotNotificationServer.CHANNEL_PATH.substring(1));
    }

    private static URI connectUri() {
        return URI.create("ws://127.0.0.1:" + server.uri().getPort() + IotNotificationServer.CONNECT_PATH);
    }

    private static HttpResponse<String> channel(String method, String key) throws IOException, InterruptedException {
        return send(channelUri(), method, key);
    }

    /** As the document's requests: PUT with {@code Content-Type: application/json}, GET with {@code Accept: application/json}. */
    private static HttpResponse<String> send(URI uri, String method, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (method.equals("PUT")) {
            b.header("Content-Type", "application/json");
        } else if (method.equals("GET")) {
            b.header("Accept", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
