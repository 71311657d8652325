package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.logging.LDLogger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone server end to end: HTTP publish, SSE receive and resume, the demo page, the CLI. */
class RingcastServerTest {

    private RingcastServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private long publish(String topic, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/topics/" + topic + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\\{\"id\":(\\d+)}").matcher(r.body());
        assertTrue(m.matches(), r.body());
        return Long.parseLong(m.group(1));
    }

    private static EventSource source(URI uri, String lastEventId) {
        EventSource.Builder b = new EventSource.Builder(uri).errorStrategy(ErrorStrategy.alwaysContinue())
                .retryDelay(50, TimeUnit.MILLISECONDS).logger(LDLogger.none());
        if (lastEventId != null) {
            b.lastEventId(lastEventId);
        }
        return b.build();
    }

    @Test
    void eventsPublishedOverHttpArriveOverSseAndAReconnectResumesAfterTheLastId() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        long first = publish("news", "{\"type\":\"headline\",\"data\":{\"text\":\"one\"}}");
        long second = publish("news", "{\"type\":\"headline\",\"data\":{\"text\":\"two\"}}");
        try (EventSource es = source(server.uri().resolve("/sse?topic=news"), Long.toString(first))) {
            MessageEvent m = es.readMessage();
            assertEquals("headline", m.getEventName());
            assertEquals("{\"text\":\"two\"}", m.getData());
            assertEquals(Long.toString(second), m.getLastEventId());
            long third = publish("news", "{\"type\":\"headline\",\"data\":\"three\"}");
            assertEquals(Long.toString(third), es.readMessage().getLastEventId());
        }
    }

    @Test
    void webSocketAndDurableChannelsAreServedBesideTheOtherTransports() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        java.util.concurrent.LinkedBlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                frames.add(data.toString());
                ws.request(1);
                return null;
            }
        };
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws?topic=news");
        java.net.http.WebSocket socket = http.newWebSocketBuilder().buildAsync(ws, listener).get(5, TimeUnit.SECONDS);
        String first;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long id = -1;
        do {
            if (id < 0 && server.hub().subscriptionCount() > 0) {
                id = publish("news", "{\"type\":\"headline\",\"data\":\"over ws\"}");
            }
            first = frames.poll(100, TimeUnit.MILLISECONDS);
        } while ((first == null || !first.contains("headline")) && System.nanoTime() < deadline);
        assertEquals("{\"id\":" + id + ",\"topic\":\"news\",\"type\":\"headline\",\"data\":\"over ws\"}", first);
        socket.abort();

        HttpRequest.Builder channel = HttpRequest.newBuilder(server.uri().resolve("/channels/alerts"))
                .header("Authorization", "Bearer key-1").header("Content-Type", "application/json");
        HttpResponse<String> put = http.send(channel.PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"news\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() == 200 || put.statusCode() == 201, put.statusCode() + " " + put.body());
        HttpResponse<String> get = http.send(channel.GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("\"news\""), get.body());
        assertEquals(204, http.send(channel.DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(channel.GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theDemoPageIsServedAtTheRoot() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("<title>Ringcast demo</title>"));
        assertTrue(!r.body().contains("http://") && !r.body().contains("https://"), "the page loads no external assets");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.uri().resolve("/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().startsWith("{\"error\":"));
    }

    @Test
    void theServerSpeaksCleartextHttp2() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, r.version(), "upgraded to h2c");
    }

    @Test
    void aTakenPortIsReportedWithWhatToDo() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        RingcastServer clash = RingcastServer.builder().port(server.port()).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, clash::start);
        assertTrue(e.getMessage().contains("port " + server.port() + " on 127.0.0.1 is already in use"), e.getMessage());
        assertTrue(e.getMessage().contains("--port"), e.getMessage());
    }

    @Test
    void theCommandLinePrintsHelpAndRejectsUnknownFlags() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertNull(StandaloneServer.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--port N") && help.contains("--bind ADDR") && help.contains("--ring-size N"), help);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandaloneServer.run(new String[] {"--prot", "1"}, System.out));
        assertEquals("unknown option --prot: see --help", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StandaloneServer.run(new String[] {"--port"}, System.out));
        IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
                () -> StandaloneServer.run(new String[] {"--ring-size", "1000"}, System.out));
        assertTrue(ring.getMessage().contains("power of two"), ring.getMessage());
    }

    @Test
    void theCommandLineStartsAServerWithTheGivenFlags() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server = StandaloneServer.run(new String[] {"--port", "0", "--bind", "127.0.0.1", "--ring-size", "8"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Ringcast is serving on " + server.uri()));
        long first = publish("t", "{\"type\":\"e\",\"data\":0}");
        for (int i = 1; i < 20; i++) {
            publish("t", "{\"type\":\"e\",\"data\":" + i + "}");
        }
        try (EventSource es = source(server.uri().resolve("/sse?topic=t"), Long.toString(first))) {
            MessageEvent reset = es.readMessage();
            assertEquals("reset", reset.getEventName(), "a ring of 8 no longer holds the second event");
            assertTrue(reset.getData().contains("\"oldest\":" + (first + 12)), reset.getData());
        }
    }

    @Test
    void theCommandLineSetsTheLimitsAndAClientPastThemGetsA429WithRetryAfter() throws Exception {
        server = StandaloneServer.run(new String[] {"--port", "0", "--max-connections", "50",
                "--max-connections-per-client", "1", "--publishes-per-second", "2"}, new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(50, server.connectionLimits().maxConnections());
        assertEquals(1, server.connectionLimits().maxPerPrincipal());
        try (EventSource es = source(server.uri().resolve("/sse?topic=limits"), null)) {
            es.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.connectionLimits().open() < 1) {
                assertTrue(System.nanoTime() < deadline, "the stream opens");
                Thread.sleep(10);
            }
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(server.uri().resolve("/sse?topic=limits"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, second.statusCode(), second.body());
            assertTrue(second.headers().firstValue("Retry-After").isPresent());
            assertTrue(second.body().contains("the most one client may"), second.body());
        }
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/topics/rate/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"e\",\"data\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            refused += r.statusCode() == 429 ? 1 : 0;
        }
        assertTrue(refused > 0, "past its burst of 10 (5 s at 2 a second), a client publishing 20 at once is refused");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandaloneServer.run(new String[] {"--max-connections", "0"}, System.out));
        assertTrue(e.getMessage().contains("use at least 1"), e.getMessage());
    }
}
