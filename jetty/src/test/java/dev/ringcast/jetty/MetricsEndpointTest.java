package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.JdkWebSocketClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} scraped over HTTP after real traffic, and the SSE envelope the demo page's
 * panel reads: a type the page never heard of, published as {@code curl} would, arrives there too.
 */
class MetricsEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private RingcastServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> publish(String topic, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve("topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreScrapedInPrometheusTextFormatWithTheFiguresOfTheTrafficSeen() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        HttpResponse<InputStream> sse = http.send(HttpRequest.newBuilder(server.uri().resolve("sse?topic=demo"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws?topic=demo"))) {
            ws.next(); // subscribed
            for (int i = 0; i < 40; i++) {
                assertEquals(201, publish("demo", "{\"type\":\"tick\",\"data\":" + i + "}").statusCode());
            }
            for (int i = 0; i < 40; i++) {
                ws.next();
            }
            Thread.sleep(200); // the binder's snapshot period

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(server.uri().resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            Map<String, Double> m = parse(scrape.body());
            assertEquals(40.0, m.get("ringcast_events_published_total"), scrape.body());
            assertTrue(m.get("ringcast_events_delivered_total") >= 80.0, "40 to each of two subscribers");
            assertEquals(1.0, m.get("ringcast_topics"));
            assertEquals(2.0, m.get("ringcast_subscriptions"));
            assertEquals(1.0, m.get("ringcast_connections{transport=\"sse\"}"));
            assertEquals(1.0, m.get("ringcast_connections{transport=\"websocket\"}"));
            assertEquals(0.0, m.get("ringcast_connections{transport=\"long-poll\"}"));
            assertEquals(0.0, m.get("ringcast_resets_total{cause=\"too_old\"}"));
            assertTrue(m.get("ringcast_retained_bytes") > 0);
            assertTrue(m.get("ringcast_publish_to_write_seconds_count") >= 2, "one event in 16 is sampled, per subscriber");
            assertTrue(m.get("ringcast_publish_to_write_seconds_max") < 5);
            assertTrue(m.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                    || scrape.body().contains("jvm_memory_used_bytes"), "the JVM's meters too");
        } finally {
            sse.body().close();
        }
    }

    @Test
    void anSseStreamAskedForEnvelopesCarriesEveryTypeAsAnUnnamedMessage() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        assertEquals(201, publish("demo", "{\"type\":\"greeting\",\"data\":{\"text\":\"hello\"}}").statusCode());
        assertEquals(201, publish("demo", "{\"type\":\"from-curl\",\"data\":[1,2]}").statusCode());
        HttpResponse<InputStream> sse = http.send(HttpRequest.newBuilder(
                server.uri().resolve("sse?topic=demo&envelope=true&lastEventId=0")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
            String first = nextData(lines);
            assertTrue(first.contains("\"type\":\"greeting\"") && first.contains("\"data\":{\"text\":\"hello\"}"), first);
            String second = nextData(lines);
            assertTrue(second.contains("\"topic\":\"demo\",\"type\":\"from-curl\",\"data\":[1,2]"), second);
        }
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(server.uri().resolve("sse?topic=demo&envelope=yes"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("envelope=true"), bad.body());
    }

    /** The data of the next block that has data, checking it is an unnamed event. */
    private static String nextData(BufferedReader lines) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            assertTrue(!line.startsWith("event:"), "an envelope event has no event: line, got " + line);
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new AssertionError("the stream ended");
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }
}
