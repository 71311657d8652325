package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.LogCapture;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durable channels over HTTP and WebSocket in every container: the REST API, events that wait
 * while no connection is open, takeover by a newer connection, expiry and deletion.
 */
@Timeout(60)
class ChannelsTest {

    private static final Map<ContainerKind, Fixture> FIXTURES = new EnumMap<>(ContainerKind.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> ALICE = Map.of("Authorization", "Bearer alice-key");
    private static final Map<String, String> BOB = Map.of("Authorization", "Bearer bob-key");

    private Fixture fixture;
    private final List<WebSocketTestClient> clients = new ArrayList<>();

    private Fixture fixture(ContainerKind kind) {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        return fixture;
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        clients.forEach(WebSocketTestClient::close);
        if (fixture != null) {
            fixture.awaitNoSubscriptions();
        }
    }

    @AfterAll
    static void stopContainers() {
        FIXTURES.values().forEach(Fixture::close);
        FIXTURES.clear();
    }

    private static String newName() {
        return "c" + NAMES.incrementAndGet();
    }

    private HttpResponse<String> http(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(fixture.http(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode register(String base, String name, String... topics) throws Exception {
        HttpResponse<String> r = http("PUT", base + "/" + name, "{\"topics\":" + Fixture.JSON.writeValueAsString(topics) + "}", ALICE);
        assertEquals(201, r.statusCode(), r.body());
        return Fixture.JSON.readTree(r.body());
    }

    private JsonNode channel(String base, String name) throws Exception {
        HttpResponse<String> r = http("GET", base + "/" + name, null, ALICE);
        assertEquals(200, r.statusCode(), r.body());
        return Fixture.JSON.readTree(r.body());
    }

    private WebSocketTestClient connect(ClientKind kind, String base, String name, Map<String, String> headers) throws Exception {
        WebSocketTestClient c = kind.connect(fixture.ws(base + "/" + name + "/ws"), headers);
        clients.add(c);
        return c;
    }

    private static void assertEvent(Event expected, JsonNode frame) {
        assertEquals(expected.id(), frame.get("id").asLong(), frame.toString());
        assertEquals(expected.topic(), frame.get("topic").asText());
        assertEquals(expected.dataJson(), frame.get("data").toString());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void registersReadsListsAndDeletesAChannelOverRest(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        HttpResponse<String> created = http("PUT", "/channels/" + name, "{\"topics\":[\"orders\",\"payments\"]}", ALICE);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = Fixture.JSON.readTree(created.body());
        assertEquals(name, body.get("name").asText());
        assertEquals("[\"orders\",\"payments\"]", body.get("topics").toString());
        assertEquals(false, body.get("connected").asBoolean());
        assertEquals(0, body.get("queuedEvents").asLong());
        assertEquals(fixture.hub.window("orders").headId(), body.get("lastEventIds").get("orders").asLong());
        assertTrue(body.get("expiresAt").asText().endsWith("Z"), body.toString());

        HttpResponse<String> updated = http("PUT", "/channels/" + name, "{\"topics\":[\"payments\"]}", ALICE);
        assertEquals(200, updated.statusCode(), updated.body());
        fixture.hub.publish("payments", "paid", 1);
        JsonNode read = channel("/channels", name);
        assertEquals("[\"payments\"]", read.get("topics").toString());
        assertEquals(1, read.get("queuedEvents").asLong());

        HttpResponse<String> list = http("GET", "/channels", null, ALICE);
        assertTrue(list.body().contains("\"name\":\"" + name + "\""), list.body());
        assertEquals(404, http("GET", "/channels/" + name, null, BOB).statusCode(), "another owner does not see it");
        assertEquals(401, http("GET", "/channels/" + name, null, Map.of()).statusCode());
        HttpResponse<String> invalid = http("PUT", "/channels/" + name, "{\"topics\":\"orders\"}", ALICE);
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().startsWith("{\"error\":\"the body has no \\\"topics\\\" array"), invalid.body());
        assertEquals(400, http("PUT", "/channels/bad%20name", "{\"topics\":[]}", ALICE).statusCode());
        assertEquals(405, http("POST", "/channels/" + name, "{}", ALICE).statusCode());
        assertEquals(426, http("GET", "/channels/" + name + "/ws", null, ALICE).statusCode(), "not an upgrade");

        assertEquals(204, http("DELETE", "/channels/" + name, null, ALICE).statusCode());
        assertEquals(404, http("GET", "/channels/" + name, null, ALICE).statusCode());
        assertEquals(404, http("DELETE", "/channels/" + name, null, ALICE).statusCode());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void deliversEventsPublishedWhileDisconnectedExactlyOnceInOrderAfterReconnecting(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        String topic = "orders-" + name;
        register("/channels", name, topic);
        Event waitedBeforeFirstConnection = fixture.hub.publish(topic, "e", 0);

        WebSocketTestClient first = connect(ClientKind.JDK, "/channels", name, ALICE);
        assertEquals("subscribed", first.nextJson().get("type").asText());
        assertEvent(waitedBeforeFirstConnection, first.nextJson());
        Event live = fixture.hub.publish(topic, "e", 1);
        assertEvent(live, first.nextJson());
        assertTrue(channel("/channels", name).get("connected").asBoolean());
        first.close();
        Fixture.await(() -> {
            try {
                return !channel("/channels", name).get("connected").asBoolean();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the channel to be disconnected");

        List<Event> whileAway = new ArrayList<>();
        for (int i = 2; i < 7; i++) {
            whileAway.add(fixture.hub.publish(topic, "e", i));
        }
        JsonNode waiting = channel("/channels", name);
        assertEquals(5, waiting.get("queuedEvents").asLong(), waiting.toString());
        assertEquals(live.id(), waiting.get("lastEventIds").get(topic).asLong(), "the last id delivered");

        WebSocketTestClient second = connect(ClientKind.JETTY, "/channels", name, ALICE);
        JsonNode subscribed = second.nextJson();
        assertEquals(live.id(), subscribed.get("lastEventId").asLong(), subscribed.toString());
        for (Event e : whileAway) {
            assertEvent(e, second.nextJson());
        }
        Event afterwards = fixture.hub.publish(topic, "e", 7);
        assertEvent(afterwards, second.nextJson());
        assertNull(second.poll(Duration.ofMillis(100)), "nothing repeated");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aSecondConnectionTakesOverAndTheFirstIsClosedWith4001(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        String topic = "takeover-" + name;
        register("/channels", name, topic);
        WebSocketTestClient first = connect(ClientKind.JETTY, "/channels", name, ALICE);
        first.next();
        Event before = fixture.hub.publish(topic, "e", "to the first");
        assertEvent(before, first.nextJson());

        WebSocketTestClient second = connect(ClientKind.JDK, "/channels", name, ALICE);
        assertEquals(RingcastCloseCodes.REPLACED, first.awaitClose());
        assertEquals("replaced by a newer connection to channel \"" + name + "\"", first.closeReason());
        assertEquals(before.id(), second.nextJson().get("lastEventId").asLong(), "continues after what the first had sent");
        Event after = fixture.hub.publish(topic, "e", "to the second");
        assertEvent(after, second.nextJson());
        Fixture.await(() -> fixture.hub.subscriptionCount() == 1, "one connection, one subscription");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aChannelWithoutAConnectionExpiresAfterItsIdlePeriod(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        register("/brief", name, "brief-" + name); // expires 300 ms after its last connection
        WebSocketTestClient c = connect(ClientKind.JDK, "/brief", name, ALICE);
        c.next();
        Thread.sleep(500);
        assertTrue(channel("/brief", name).get("connected").asBoolean(), "a connected channel does not expire");
        c.close();

        Fixture.await(() -> fixture.briefChannels.size() == 0, "the sweeper to expire the channel");
        assertEquals(404, http("GET", "/brief/" + name, null, ALICE).statusCode());
        WebSocketTestClient late = connect(ClientKind.JDK, "/brief", name, ALICE);
        JsonNode error = late.nextJson();
        assertEquals(404, error.get("status").asInt(), error.toString());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, late.awaitClose());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void deletingAChannelClosesItsConnectionWith4002(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        register("/channels", name, "deleted-" + name);
        WebSocketTestClient c = connect(ClientKind.JDK, "/channels", name, ALICE);
        c.next();
        assertEquals(204, http("DELETE", "/channels/" + name, null, ALICE).statusCode());
        assertEquals(RingcastCloseCodes.CHANNEL_GONE, c.awaitClose());
        assertEquals("channel \"" + name + "\" was deleted", c.closeReason());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aChannelWhoseEventsTheRingOverwroteOpensWithAReset(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        String topic = "small-channel"; // a ring of 8
        long cursor = register("/channels", name, topic).get("lastEventIds").get(topic).asLong();
        for (int i = 0; i < 20; i++) {
            fixture.hub.publish(topic, "e", i);
        }
        long oldest = fixture.hub.window(topic).oldestId();
        assertEquals(8, channel("/channels", name).get("queuedEvents").asLong(), "only what the ring still holds");

        WebSocketTestClient c = connect(ClientKind.JDK, "/channels", name, ALICE);
        c.next();
        JsonNode reset = c.nextJson();
        assertEquals("reset", reset.get("type").asText(), reset.toString());
        assertEquals(cursor, reset.get("data").get("requested").asLong());
        assertEquals(oldest, reset.get("data").get("oldest").asLong());
        for (long id = oldest; id < oldest + 8; id++) {
            assertEquals(id, c.nextJson().get("id").asLong());
        }
        Fixture.await(() -> {
            try {
                return channel("/channels", name).get("lastEventIds").get(topic).asLong() == oldest + 7;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the cursor to follow the sends");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void utf16AndUtf32BodiesAreA400SayingToSendUtf8(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        String json = "{\"topics\":[\"orders\"]}";
        for (String charset : List.of("UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
            for (boolean bom : List.of(false, true)) {
                byte[] body = ((bom && !charset.equals("UTF-16") ? "\uFEFF" : "") + json)
                        .getBytes(java.nio.charset.Charset.forName(charset));
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(fixture.http("/channels/" + name))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer alice-key")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), charset + (bom ? " with a BOM: " : ": ") + r.body());
                String error = Fixture.JSON.readTree(r.body()).get("error").asText();
                assertTrue(error.startsWith("the body is UTF-") && error.contains(", not UTF-8: send the JSON encoded "
                        + "as UTF-8"), error);
            }
        }
        assertEquals(404, http("GET", "/channels/" + name, null, ALICE).statusCode(), "nothing registered");
        HttpResponse<String> withBom = HTTP.send(HttpRequest.newBuilder(fixture.http("/channels/" + name))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer alice-key")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, withBom.statusCode(), "a UTF-8 byte order mark is ignored: " + withBom.body());
        assertEquals("[\"orders\"]", channel("/channels", name).get("topics").toString());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anOversizeBodyWrittenWholeBeforeReadingGetsItsReadable413(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        int limit = 64 * 1024;
        RawHttpClient raw = new RawHttpClient(fixture.server.port());
        String target = "/channels/" + name;
        for (int size : List.of(limit + 256 * 1024, 2 * limit)) {
            RawHttpClient.Response r = raw.send("PUT", target, ALICE, topicsBody(size));
            assertEquals(413, r.status(), r.body());
            assertEquals("{\"error\":\"the body is " + size + " bytes, over the limit of 65536 bytes: send "
                    + "{\\\"topics\\\":[...]} only\"}", r.body());
        }
        RawHttpClient.Response chunked = raw.sendChunked("PUT", target, ALICE, topicsBody(limit + 256 * 1024));
        assertEquals(413, chunked.status(), chunked.body());
        assertTrue(chunked.body().contains("the body is over 65536 bytes"), chunked.body());
        assertEquals(404, http("GET", target, null, ALICE).statusCode(), "nothing registered");
        assertEquals(201, raw.send("PUT", target, ALICE, "{\"topics\":[\"a\"]}".getBytes(StandardCharsets.UTF_8))
                .status(), "still serving");
    }

    /** A {"topics":[...]} body of exactly {@code size} bytes. */
    private static byte[] topicsBody(int size) {
        String head = "{\"topics\":[\"a\"],\"padding\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anAuthorizerThatThrowsIsA500OverRestAndOnTheChannelConnectionAndIsLoggedOnce(ContainerKind kind)
            throws Exception {
        fixture(kind);
        String name = newName();
        Map<String, String> breaking = Map.of("Authorization", "Bearer alice-key", "X-Break", "yes");
        try (LogCapture servlet = LogCapture.of("dev.ringcast.http.internal.ServletAuthorization");
             LogCapture opener = LogCapture.of("dev.ringcast.websocket.internal.ChannelOpener")) {
            HttpResponse<String> put = http("PUT", "/broken/" + name, "{\"topics\":[\"a\"]}", breaking);
            assertEquals(500, put.statusCode(), put.body());
            assertEquals("{\"error\":\"the server failed to authorize this request: try again later\"}", put.body());
            assertEquals(500, http("GET", "/broken", null, breaking).statusCode());
            assertEquals(2, servlet.warnings().size(), "logged once per request: " + servlet.warnings());
            assertEquals(Fixture.BROKEN_AUTHORIZER, servlet.warnings().get(0).getThrown().getMessage());

            register("/channels", name, "a");
            WebSocketTestClient c = connect(ClientKind.JDK, "/broken", name, breaking);
            assertEquals("{\"type\":\"error\",\"status\":500,\"error\":\"the server failed to authorize this request: "
                    + "try again later\"}", c.nextJson().toString());
            assertEquals(RingcastCloseCodes.SERVER_ERROR, c.awaitClose());
            assertEquals(1, opener.warnings().size(), "logged once: " + opener.warnings());
        }
        assertEquals(200, http("GET", "/broken/" + name, null, ALICE).statusCode(), "still serving");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void refusesAConnectionWithoutAnOwnerOrToAnotherOwnersChannel(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        register("/channels", name, "owned-" + name);
        WebSocketTestClient anonymous = connect(ClientKind.JDK, "/channels", name, Map.of());
        assertEquals(401, anonymous.nextJson().get("status").asInt());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, anonymous.awaitClose());
        WebSocketTestClient bob = connect(ClientKind.JETTY, "/channels", name, BOB);
        assertEquals(404, bob.nextJson().get("status").asInt());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, bob.awaitClose());
    }
}
