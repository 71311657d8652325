package dev.ringcast.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.JdkWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * What an application gets from the starter, over real HTTP against its real embedded container:
 * publish and long-poll, SSE resume, WebSocket, its own authorizer and codec, and the metrics.
 * One subclass per container, each one Spring context.
 */
abstract class EmbeddedContainerSuite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventHub hub;

    @Autowired
    MeterRegistry registry;

    /** @return the key the application's codec writes for {@code Order.customerName} */
    String customerNameKey() {
        return "customer_name";
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publishOverHttpIsReadByALongPoll() throws Exception {
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(uri("/topics/orders/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"created\",\"data\":{\"order\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, published.statusCode(), published.body());
        long id = JSON.readTree(published.body()).get("id").asLong();

        HttpResponse<String> poll = get("/topics/orders/events?last_event=" + (id - 1) + "&timeout=5000");
        assertEquals(200, poll.statusCode(), poll.body());
        JsonNode events = JSON.readTree(poll.body());
        assertEquals(1, events.size(), poll.body());
        assertEquals("created", events.get(0).get("type").asText());
        assertEquals(1, events.get(0).get("data").get("order").asInt());
        assertEquals(id, events.get(0).get("number").asLong());
    }

    @Test
    void aLongPollIsAnsweredWhenAnEventArrives() throws Exception {
        long head = hub.window("waiting").headId();
        var poll = http.sendAsync(HttpRequest.newBuilder(uri("/topics/waiting/events?last_event=" + head + "&timeout=10000"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200); // held, waiting
        hub.publish("waiting", "arrived", Map.of("n", 1));
        HttpResponse<String> answer = poll.get();
        assertEquals(200, answer.statusCode());
        assertEquals("arrived", JSON.readTree(answer.body()).get(0).get("type").asText());
    }

    @Test
    void sseResumesAfterTheLastEventId() throws Exception {
        long first = hub.publish("news", "headline", Map.of("n", 1)).id();
        long second = hub.publish("news", "headline", Map.of("n", 2)).id();
        hub.publish("news", "update", Map.of("n", 3));
        try (SseLines sse = SseLines.open(http, uri("/sse?topic=news"), Map.of("Last-Event-ID", Long.toString(first)))) {
            assertEquals(200, sse.status());
            SseLines.Block a = sse.nextEvent();
            assertEquals(Long.toString(second), a.id());
            assertEquals("headline", a.event());
            assertEquals("{\"n\":2}", a.data());
            SseLines.Block b = sse.nextEvent();
            assertEquals("update", b.event());
            hub.publish("news", "live", Map.of("n", 4));
            assertEquals("live", sse.nextEvent().event());
        }
    }

    @Test
    void webSocketDeliversLiveEvents() throws Exception {
        try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?topic=prices"))) {
            JsonNode subscribed = ws.nextJson();
            assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
            long id = hub.publish("prices", "tick", Map.of("price", 42)).id();
            JsonNode event = ws.nextJson();
            assertEquals(id, event.get("id").asLong());
            assertEquals("prices", event.get("topic").asText());
            assertEquals("tick", event.get("type").asText());
            assertEquals(42, event.get("data").get("price").asInt());
        }
    }

    @Test
    void theApplicationsAuthorizerGuardsEveryTransport() throws Exception {
        HttpResponse<String> sse = get("/sse?topic=secret");
        assertEquals(403, sse.statusCode());
        assertTrue(sse.body().contains("the application's own"), sse.body());
        assertEquals(403, get("/topics/secret/events?last_event=0").statusCode());
        assertEquals(403, JdkWebSocketClient.refusal(URI.create("ws://127.0.0.1:" + port + "/ws?topic=secret"), Map.of()));
    }

    @Test
    void eventDataIsEncodedByTheApplicationsCodec() throws Exception {
        long id = hub.publish("customers", "registered", new TestApplication.Order(7, "Ada Lovelace")).id();
        HttpResponse<String> poll = get("/topics/customers/events?last_event=" + (id - 1));
        JsonNode data = JSON.readTree(poll.body()).get(0).get("data");
        assertEquals("Ada Lovelace", data.path(customerNameKey()).asText(), data.toString());
    }

    @Test
    void theActuatorBindsTheHubsMeters() throws Exception {
        hub.publish("metered", "x", 1);
        try (SseLines sse = SseLines.open(http, uri("/sse?topic=metered"), Map.of())) {
            assertEquals(200, sse.status());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            double open;
            do {
                Thread.sleep(150); // past the binder's snapshot period
                open = registry.get("ringcast.connections").tag("transport", "sse").gauge().value();
            } while (open < 1 && System.nanoTime() < deadline);
            assertTrue(open >= 1, "open SSE streams: " + open); // earlier tests' streams may still be closing
            assertNotNull(registry.find("ringcast.connections").tag("transport", "websocket").gauge());
            assertNotNull(registry.find("ringcast.connections").tag("transport", "long-poll").gauge());
            assertTrue(registry.get("ringcast.events.published").functionCounter().count() >= 1);
            assertNotNull(registry.find("ringcast.publish.to.write").timer());
        }
    }
}
