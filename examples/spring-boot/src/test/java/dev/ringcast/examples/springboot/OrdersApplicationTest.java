package dev.ringcast.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example as its users see it: the application started on a random port, an order placed
 * over REST, the event read over SSE in the application's Jackson 3 naming, and the hub's meters
 * in the actuator's Prometheus scrape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void aPlacedOrderReachesAnSseStreamInTheApplicationsJsonNaming() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/sse?topic=orders"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (BufferedReader sse = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            HttpResponse<String> placed = http.send(HttpRequest.newBuilder(uri("/orders"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customer_name\":\"Ada Lovelace\",\"item\":\"tea\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, placed.statusCode(), placed.body());

            List<String> block = nextEvent(sse);
            assertTrue(block.contains("event: placed"), block.toString());
            String data = block.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
            assertTrue(data.contains("\"customer_name\":\"Ada Lovelace\""), data);
            assertTrue(data.contains("\"placed_at\":\""), "an ISO-8601 string, as Boot's mapper writes it: " + data);
        }

        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("ringcast_events_published_total"), scrape.body());
        assertTrue(scrape.body().contains("ringcast_connections{transport=\"sse\"}"), scrape.body());
    }

    @Test
    void theStarterServesLongPollAndWebSocketToo() throws Exception {
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(uri("/topics/orders/events?last_event=0&timeout=1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, poll.statusCode(), poll.body());
        var ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?topic=orders"),
                new java.net.http.WebSocket.Listener() { }).get();
        ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get();
    }

    /** The next SSE block with an event line: its lines. */
    private static List<String> nextEvent(BufferedReader sse) throws Exception {
        for (;;) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = sse.readLine()) != null && !line.isEmpty()) {
                lines.add(line);
            }
            if (line == null) {
                throw new AssertionError("the stream ended");
            }
            if (lines.stream().anyMatch(l -> l.startsWith("event:"))) {
                return lines;
            }
        }
    }
}
