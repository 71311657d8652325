package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.ChannelsServlet;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.RingcastCloseCodes;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and broken clients against every transport at once, in every container: malformed,
 * oversize and unknown parameters and bodies, forged resets, non-UTF-8 bodies, random topics,
 * subscribe churn, many keys against the channel cap, authorizers that throw, and clients past
 * their connection and publish limits. Every answer is a 4xx (a 500 only for an authorizer that
 * throws, by design) or the right close code, with a readable JSON message, never a hang; and
 * afterwards a normal round trip works and nothing published before is lost.
 *
 * <p>Mounted: {@code /sse}, {@code /poll} (query topics), {@code /ws} behind the
 * {@link HandshakeFilter}, {@code /ws-bare} without it, {@code /channels/*} and
 * {@code /channels/{name}/ws} (behind the filter), all with the {@link #HOSTILE} authorizer and
 * roomy limits; {@code /rate}, a long-poll servlet that takes 20 publishes a second (bursts of 40); and {@code /limited-sse}, {@code /limited-poll}, {@code /limited-ws} (filtered)
 * and {@code /limited-ws-bare}, sharing tight connection limits (4 in all, 2 per client).
 */
@Timeout(120)
class HostileClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOPICS = 64;
    private static final String LEDGER = "ledger";

    /**
     * Allows anyone; names the owner from {@code Authorization: Bearer <key>}; throws for a request
     * with {@code X-Break}; reads the first topic of a request with {@code X-First-Topic}, which
     * throws on the empty topic list of a channel request.
     */
    static final Authorizer HOSTILE = r -> {
        if (r.header("X-Break").isPresent()) {
            throw new IllegalStateException("token store unreachable");
        }
        if (r.header("X-First-Topic").isPresent()) {
            return r.topics().get(0).isEmpty() ? Decision.deny(400, "no topic") : Decision.allow();
        }
        return r.header("Authorization").filter(h -> h.startsWith("Bearer ") && h.length() > 7)
                .map(h -> Decision.allowAs(h.substring(7))).orElse(Decision.allow());
    };

    private EventHub hub;
    private ChannelRegistry channels;
    private ServletContainer server;
    private ConnectionLimits tight;
    private RawHttpClient raw;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> ledger = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    private void start(ContainerKind kind) throws Exception {
        hub = EventHub.builder().maxTopics(MAX_TOPICS).ringCapacity(64).build();
        channels = ChannelRegistry.builder(hub).maxChannels(20).maxChannelsPerOwner(3).build();
        ConnectionLimits roomy = ConnectionLimits.builder().maxPerPrincipal(100).build();
        tight = ConnectionLimits.builder().maxConnections(4).maxPerPrincipal(2).build();
        WebSocketSettings ws = WebSocketSettings.builder().authorizer(HOSTILE).connectionLimits(roomy)
                .maxInboundMessageBytes(4096).build();
        WebSocketSettings limitedWs = WebSocketSettings.builder().authorizer(HOSTILE).connectionLimits(tight).build();
        List<ServerEndpointConfig> filtered = List.of(
                RingcastWebSocket.endpointConfig(hub, ws, "/ws"),
                RingcastWebSocket.channelEndpointConfig(channels, ws, "/channels/{name}/ws"),
                RingcastWebSocket.endpointConfig(hub, limitedWs, "/limited-ws"));
        HandshakeFilter filter = new HandshakeFilter(filtered);
        ServletContainer container = kind.create();
        filtered.forEach(container::endpoint);
        server = container
                .filter(HandshakeFilter.NAME, filter, filter.urlPatterns().toArray(new String[0]))
                .endpoint(RingcastWebSocket.endpointConfig(hub, ws, "/ws-bare"))
                .endpoint(RingcastWebSocket.endpointConfig(hub, limitedWs, "/limited-ws-bare"))
                .servlet("sse", new SseServlet(hub, SseSettings.builder().authorizer(HOSTILE).connectionLimits(roomy)
                        .heartbeat(Duration.ofMillis(500)).build()), "/sse")
                .servlet("poll", new LongPollServlet(hub, LongPollSettings.builder().authorizer(HOSTILE)
                        .connectionLimits(roomy).maxBodyBytes(4096).bodyTimeout(Duration.ofSeconds(3)).build()), "/poll")
                .servlet("rate", new LongPollServlet(hub, LongPollSettings.builder()
                        .publishRateLimit(PublishRateLimit.of(20, 40)).build()), "/rate")
                .servlet("channels", new ChannelsServlet(channels, HOSTILE), "/channels/*")
                .servlet("limited-sse", new SseServlet(hub, SseSettings.builder().connectionLimits(tight).build()),
                        "/limited-sse")
                .servlet("limited-poll", new LongPollServlet(hub, LongPollSettings.builder().authorizer(HOSTILE)
                        .connectionLimits(tight).build()), "/limited-poll")
                .start();
        raw = new RawHttpClient(server.port());
        for (int i = 0; i < 3; i++) {
            ledger.add(publish(LEDGER, "{\"type\":\"before\",\"data\":" + i + "}"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        if (channels != null) {
            channels.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    // ---- the matrix --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void malformedOversizeUnknownAndForgedHttpInputIsA4xxWithAMessage(ContainerKind kind) throws Exception {
        start(kind);
        String longTopic = "t".repeat(5000);
        // SSE: parameters
        for (String query : List.of("", "topic=a%20b", "topic=" + longTopic, "topic=%FF%FE", "topic=a&types=a,-b",
                "topic=a&lastEventId=-1", "topic=a&lastEventId=1_2", "topic=a&lastEventId=99999999999999999999",
                many("topic", 40))) {
            assertRefused(get("/sse?" + query), 400, 499);
        }
        // Long-poll GET: parameters; unknown ones are ignored
        for (String query : List.of("", "topic=a&topic=b", "topic=a&last_event=abc", "topic=a&last_event=%2B1",
                "topic=a&timeout=-5", "topic=a&timeout=1e3", "topic=" + longTopic)) {
            assertRefused(get("/poll?" + query), 400, 499);
        }
        assertEquals(200, get("/poll?topic=q&timeout=0&last_event=0&unknown=1").status());
        int invalidUtf8 = get("/poll?topic=q&timeout=0&x=%FF").status();
        assertTrue(invalidUtf8 == 200 || invalidUtf8 == 400, "the container's 400, or ignored: " + invalidUtf8);
        // Long-poll POST: bodies
        Map<String, String> json = Map.of("Content-Type", "application/json");
        List<byte[]> bodies = List.of(
                "{\"type\":\"reset\",\"data\":{\"topic\":\"q\",\"requested\":0,\"oldest\":1,\"cause\":\"TOO_OLD\"}}"
                        .getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"subscribed\",\"data\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"a\",\"data\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                "{\"type\":\"a\",\"data\":1}".getBytes(StandardCharsets.UTF_16),
                new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'},
                ("{\"type\":\"a\",\"data\":" + "[".repeat(1500) + "]".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"a\",\"data\":1} trailing".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                "[]".getBytes(StandardCharsets.UTF_8));
        for (byte[] body : bodies) {
            assertRefused(raw.send("POST", "/poll?topic=q", json, body), 400, 400);
        }
        assertRefused(raw.send("POST", "/poll?topic=q", json, ("{\"type\":\"a\",\"data\":\"" + "x".repeat(5000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)), 413, 413);
        assertRefused(raw.send("POST", "/poll?topic=q", Map.of("Content-Type", "text/xml"),
                "<a/>".getBytes(StandardCharsets.UTF_8)), 415, 415);
        assertRefused(raw.send("DELETE", "/poll?topic=q", Map.of(), new byte[0]), 405, 405);
        assertEquals(201, raw.send("POST", "/poll?topic=q&extra=1", json,
                "{\"type\":\"a\",\"data\":1,\"unknown\":[1]}".getBytes(StandardCharsets.UTF_8)).status());
        // Channels REST: bodies and paths
        Map<String, String> key = Map.of("Content-Type", "application/json", "Authorization", "Bearer k");
        StringBuilder tooMany = new StringBuilder("{\"topics\":[\"t0\"");
        for (int i = 1; i <= 40; i++) {
            tooMany.append(",\"t").append(i).append('"');
        }
        for (String body : List.of("", "{", "[]", "{\"topics\":\"a\"}", "{\"topics\":[1]}", "{\"topics\":[\"a b\"]}",
                tooMany + "]}", "{\"topics\":" + "[".repeat(2000) + "}")) {
            assertRefused(raw.send("PUT", "/channels/c1", key, body.getBytes(StandardCharsets.UTF_8)), 400, 499);
        }
        assertRefused(raw.send("PUT", "/channels/c1", key, new byte[70 * 1024]), 413, 413);
        assertRefused(raw.send("PUT", "/channels/c1", Map.of("Content-Type", "application/json"),
                "{\"topics\":[]}".getBytes(StandardCharsets.UTF_8)), 401, 401);
        assertRefused(get("/channels/nope", key), 404, 404);
        assertRefused(get("/channels/a/b/c", key), 404, 404);
        assertRefused(raw.send("POST", "/channels/c1", key, new byte[0]), 405, 405);
        assertEquals(201, raw.send("PUT", "/channels/c1", key, "{\"topics\":[\"q\"],\"extra\":1}"
                .getBytes(StandardCharsets.UTF_8)).status());
        // A large request head: the container's own 4xx where it is over its limit (Undertow's is 1 MiB)
        int status = get("/poll?topic=a&timeout=0", Map.of("X-Big", "x".repeat(64 * 1024))).status();
        assertTrue(status == 200 || status >= 400 && status < 500, "a large head is answered, never a 5xx: " + status);
        assertRoundTripAndLedger();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void webSocketRefusalsControlMessageAbuseAndChurnLeaveTheConnectionServing(ContainerKind kind) throws Exception {
        start(kind);
        // Refused handshakes: before the upgrade behind the filter, error frame then 1008 without it.
        for (String query : List.of("topic=a%20b", "topic=a&lastEventId=x", "types=a,-b", "lastEventId=5")) {
            assertRefused(raw.webSocketHandshake("/ws?" + query, Map.of()), 400, 400);
            JdkWebSocketClient bare = JdkWebSocketClient.connect(ws("/ws-bare?" + query));
            JsonNode error = bare.nextJson();
            assertEquals("error", error.get("type").asText());
            assertEquals(400, error.get("status").asInt());
            assertEquals(RingcastCloseCodes.POLICY_VIOLATION, bare.awaitClose());
        }
        JdkWebSocketClient c = track(JdkWebSocketClient.connect(ws("/ws")));
        List<String> garbage = new ArrayList<>(List.of("", "not json", "42", "[]", "null", "{}", "{\"action\":7}",
                "{\"action\":\"reset\"}", "{\"action\":\"subscribe\"}", "{\"action\":\"subscribe\",\"topic\":\"a b\"}",
                "{\"action\":\"subscribe\",\"topic\":\"q\",\"lastEventId\":-1}",
                "{\"action\":\"subscribe\",\"topic\":\"q\",\"lastEventId\":\"0x10\"}",
                "{\"action\":\"unsubscribe\",\"topic\":\"never\"}", "[".repeat(2000), "{\"type\":\"reset\"}"));
        for (String message : garbage) {
            c.send(message);
            JsonNode reply = c.nextJson();
            assertEquals("error", reply.get("type").asText(), message + " -> " + reply);
            int replyStatus = reply.get("status").asInt();
            assertTrue(replyStatus >= 400 && replyStatus < 500, message + " -> " + reply);
            assertTrue(reply.get("error").asText().length() > 10, "a readable message: " + reply);
        }
        // Churn: subscribe and unsubscribe over and over on one connection.
        for (int i = 0; i < 300; i++) {
            String topic = "churn-" + (i % 7);
            c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}");
            c.send("{\"action\":\"unsubscribe\",\"topic\":\"" + topic + "\"}");
        }
        for (int i = 0; i < 600; i++) {
            String type = c.nextJson().get("type").asText();
            assertTrue(type.equals("subscribed") || type.equals("unsubscribed"), type);
        }
        c.send("{\"action\":\"ping\"}");
        assertEquals("pong", c.nextJson().get("type").asText());
        c.send("{\"action\":\"subscribe\",\"topic\":\"" + LEDGER + "\",\"lastEventId\":0}");
        assertEquals("subscribed", c.nextJson().get("type").asText());
        for (long id : ledger) {
            assertEquals(id, c.nextJson().get("id").asLong(), "the ledger, in order");
        }
        long live = publish(LEDGER, "{\"type\":\"live\",\"data\":1}");
        assertEquals(live, c.nextJson().get("id").asLong());
        // A message over the limit closes with 1009.
        c.send("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(8000) + "\"}");
        assertEquals(RingcastCloseCodes.TOO_BIG, c.awaitClose());
        assertRoundTripAndLedger();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void randomTopicsFromAnAnonymousClientKeepTheHubBoundedAndEveryAnswerReadable(ContainerKind kind) throws Exception {
        start(kind);
        JdkWebSocketClient c = track(JdkWebSocketClient.connect(ws("/ws")));
        int refused = 0;
        for (int i = 0; i < 210; i++) {
            String topic = "r" + UUID.randomUUID().toString().substring(0, 12);
            RawHttpClient.Response r = switch (i % 3) {
                case 0 -> get("/poll?topic=" + topic + "&timeout=0");
                case 1 -> raw.send("POST", "/poll?topic=" + topic, Map.of("Content-Type", "application/json"),
                        "{\"type\":\"x\",\"data\":1}".getBytes(StandardCharsets.UTF_8));
                default -> null;
            };
            if (r != null) {
                assertTrue(r.status() == 200 || r.status() == 201 || r.status() == 503 || r.status() == 429,
                        r.status() + " " + r.body());
                if (r.status() >= 400) {
                    refused++;
                    assertJsonError(r);
                    assertNotNull(r.header("Retry-After"), "a limit says when to retry");
                }
            } else {
                c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}");
                JsonNode reply = c.nextJson();
                if (reply.get("type").asText().equals("error")) {
                    refused++;
                    assertEquals(503, reply.get("status").asInt(), reply.toString());
                    assertTrue(reply.get("retryAfter").asInt() >= 1, reply.toString());
                } else {
                    assertEquals("subscribed", reply.get("type").asText());
                    c.send("{\"action\":\"unsubscribe\",\"topic\":\"" + topic + "\"}");
                    assertEquals("unsubscribed", c.nextJson().get("type").asText());
                }
            }
            assertTrue(hub.topicNames().size() <= MAX_TOPICS, "the hub's topics stay bounded: " + hub.topicNames().size());
        }
        assertTrue(refused > 0, "past the hub's topics, new ones are refused");
        c.send("{\"action\":\"ping\"}");
        assertEquals("pong", c.nextJson().get("type").asText(), "the connection still serves");
        assertRoundTripAndLedger();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void clientsPastTheirConnectionAndPublishLimitsAre429And503WithRetryAfterOnEveryTransport(ContainerKind kind)
            throws Exception {
        start(kind);
        // An anonymous client (its address) holds 2: a stream and a held poll; the third, on any transport, is a 429.
        InputStream stream = track(openStream("/limited-sse?topic=" + LEDGER));
        var poll = http.sendAsync(HttpRequest.newBuilder(server.baseUri().resolve("/limited-poll?topic=" + LEDGER
                + "&timeout=30000")).build(), HttpResponse.BodyHandlers.ofString());
        awaitOpen(2);
        assertLimited(get("/limited-sse?topic=" + LEDGER), 429);
        assertLimited(get("/limited-poll?topic=" + LEDGER + "&timeout=0"), 429);
        assertLimited(raw.webSocketHandshake("/limited-ws?topic=" + LEDGER, Map.of()), 429);
        // A named client at its 2: the third is a 429 before the upgrade, or without the filter an
        // error frame then 1013 (an anonymous one is counted there only where the container shows
        // its address to JSR-356: Jetty).
        Map<String, String> alice = Map.of("Authorization", "Bearer alice");
        track(JdkWebSocketClient.connect(ws("/limited-ws?topic=" + LEDGER), alice));
        track(JdkWebSocketClient.connect(ws("/limited-ws-bare?topic=" + LEDGER), alice));
        awaitOpen(4);
        assertLimited(raw.webSocketHandshake("/limited-ws?topic=" + LEDGER, alice), 503);
        JdkWebSocketClient bare = JdkWebSocketClient.connect(ws("/limited-ws-bare?topic=" + LEDGER), alice);
        JsonNode error = bare.nextJson();
        assertEquals("error", error.get("type").asText(), error.toString());
        assertTrue(error.get("status").asInt() == 429 || error.get("status").asInt() == 503, error.toString());
        assertTrue(error.get("retryAfter").asInt() >= 1, error.toString());
        assertEquals(RingcastCloseCodes.TRY_AGAIN_LATER, bare.awaitClose());
        // The server's 4 are taken: another client is a 503.
        assertLimited(raw.webSocketHandshake("/limited-ws?topic=" + LEDGER, Map.of("Authorization", "Bearer bob")), 503);
        // A released place is free again.
        publish(LEDGER, "{\"type\":\"release-the-poll\",\"data\":1}");
        assertEquals(200, poll.get().statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tight.open() > 3) {
            assertTrue(System.nanoTime() < deadline, "the answered poll gives its place back");
            Thread.sleep(10);
        }
        track(JdkWebSocketClient.connect(ws("/limited-ws?topic=" + LEDGER), Map.of("Authorization", "Bearer bob")));
        // Publishes past the client's rate: 429 with Retry-After, nothing of them stored.
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            RawHttpClient.Response r = raw.send("POST", "/rate?topic=rate", Map.of("Content-Type", "application/json"),
                    "{\"type\":\"x\",\"data\":1}".getBytes(StandardCharsets.UTF_8));
            if (r.status() == 429) {
                limited++;
                assertLimited(r, 429);
            } else {
                assertEquals(201, r.status(), r.body());
            }
        }
        assertTrue(limited > 0, "a burst past 40 is refused");
        EventHub.TopicWindow window = hub.window("rate");
        assertEquals(60 - limited, window.headId() - window.oldestId() + 1, "only the accepted ones were stored");
        assertTrue(stream.read() >= 0, "the admitted stream still serves");
        assertRoundTripAndLedger();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void manyKeysAgainstTheChannelCapAndAuthorizersThatThrowGetReadableAnswers(ContainerKind kind) throws Exception {
        start(kind);
        int created = 0;
        int perOwner = 0;
        int full = 0;
        for (int k = 0; k < 10; k++) {
            for (int c = 0; c < 5; c++) {
                RawHttpClient.Response r = raw.send("PUT", "/channels/ch" + c, Map.of("Content-Type", "application/json",
                        "Authorization", "Bearer key" + k), "{\"topics\":[\"ledger\"]}".getBytes(StandardCharsets.UTF_8));
                switch (r.status()) {
                    case 201 -> created++;
                    case 409 -> perOwner++;
                    case 503 -> {
                        full++;
                        assertLimited(r, 503);
                    }
                    default -> throw new AssertionError(r.status() + " " + r.body());
                }
            }
        }
        assertEquals(20, created, "the cap on channels in all");
        assertTrue(perOwner > 0, "three per key");
        assertTrue(full > 0, "past 20 in all, whoever asks");
        assertEquals(50, created + perOwner + full);
        assertEquals(20, channels.size());
        // Authorizers that throw: a JSON 500 that hides the exception, or 500 before the upgrade.
        for (RawHttpClient.Response r : List.of(
                get("/sse?topic=a", Map.of("X-Break", "1")),
                get("/poll?topic=a&timeout=0", Map.of("X-Break", "1")),
                get("/channels/ch0", Map.of("X-Break", "1", "Authorization", "Bearer key0")),
                get("/channels/ch0", Map.of("X-First-Topic", "1", "Authorization", "Bearer key0")),
                raw.webSocketHandshake("/channels/ch0/ws", Map.of("X-First-Topic", "1", "Authorization", "Bearer key0")),
                raw.webSocketHandshake("/ws?topic=a", Map.of("X-Break", "1")))) {
            assertEquals(500, r.status(), r.body());
            assertEquals("the server failed to authorize this request: try again later", assertJsonError(r));
        }
        // Channel connections: a malformed lastEventId, an unknown channel, then a good one.
        Map<String, String> key0 = Map.of("Authorization", "Bearer key0");
        assertRefused(raw.webSocketHandshake("/channels/ch0/ws?lastEventId=ledger:x", key0), 400, 400);
        assertRefused(raw.webSocketHandshake("/channels/ch9/ws", key0), 404, 404);
        assertRefused(raw.webSocketHandshake("/channels/ch0/ws", Map.of()), 401, 401);
        JdkWebSocketClient channel = track(JdkWebSocketClient.connect(ws("/channels/ch0/ws"), key0));
        assertEquals("subscribed", channel.nextJson().get("type").asText());
        long live = publish(LEDGER, "{\"type\":\"to-the-channel\",\"data\":1}");
        assertEquals(live, channel.nextJson().get("id").asLong());
        assertRoundTripAndLedger();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private RawHttpClient.Response get(String target) throws IOException {
        return get(target, Map.of());
    }

    private RawHttpClient.Response get(String target, Map<String, String> headers) throws IOException {
        // Only refusals are read to their end: a 200 stream is answered with its head, then cut.
        return raw.sendHeadOnly("GET", target, headers);
    }

    private InputStream openStream(String target) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(server.baseUri().resolve(target)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private void awaitOpen(int connections) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriptionCount() < connections) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + connections + " connections, "
                    + hub.subscriptionCount() + " open");
            Thread.sleep(10);
        }
    }

    private long publish(String topic, String body) throws IOException {
        RawHttpClient.Response r = raw.send("POST", "/poll?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.status(), r.body());
        return JSON.readTree(r.body()).get("id").asLong();
    }

    /** A normal publish and poll work, and every event of the ledger is still there, in order. */
    private void assertRoundTripAndLedger() throws IOException {
        ledger.add(publish(LEDGER, "{\"type\":\"after\",\"data\":true}"));
        RawHttpClient.Response r = get("/poll?topic=" + LEDGER + "&timeout=0&last_event=0");
        assertEquals(200, r.status(), r.body());
        List<Long> numbers = new ArrayList<>();
        JSON.readTree(r.body()).forEach(e -> {
            if (!e.get("type").asText().equals("reset")) {
                numbers.add(e.get("number").asLong());
            }
        });
        assertTrue(numbers.containsAll(ledger) && numbers.indexOf(ledger.get(0)) >= 0,
                "nothing published before is lost: " + ledger + " in " + numbers);
        assertEquals(ledger, numbers.stream().filter(ledger::contains).toList(), "in order");
    }

    private static void assertRefused(RawHttpClient.Response r, int min, int max) throws IOException {
        assertTrue(r.status() >= min && r.status() <= max, "expected " + min + "-" + max + ", got " + r.status()
                + ": " + r.body());
        if (isJson(r)) {
            assertJsonError(r);
        }
    }

    private static void assertLimited(RawHttpClient.Response r, int status) throws IOException {
        assertEquals(status, r.status(), r.body());
        assertNotNull(r.header("Retry-After"), "Retry-After on a " + status);
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1);
        assertTrue(assertJsonError(r).length() > 20);
    }

    private static boolean isJson(RawHttpClient.Response r) {
        String type = r.header("Content-Type");
        return type != null && type.startsWith("application/json");
    }

    /** @return the JSON error's message */
    private static String assertJsonError(RawHttpClient.Response r) throws IOException {
        assertTrue(isJson(r), "a JSON error: " + r.header("Content-Type") + " " + r.body());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.hasNonNull("error") && body.get("error").asText().length() > 10, r.body());
        return body.get("error").asText();
    }

    private static String many(String name, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "&").append(name).append("=t").append(i);
        }
        return b.toString();
    }
}
