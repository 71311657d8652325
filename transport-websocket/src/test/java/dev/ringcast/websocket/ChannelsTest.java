package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.ContainerKind;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final List<WsClient> clients = new ArrayList<>();

    private Fixture fixture(ContainerKind kind) {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        return fixture;
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        clients.forEach(WsClient::close);
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
        HttpResponse<String> r = http("PUT", base + "/" + name, "{\"topics\":" + WsClient.JSON.writeValueAsString(topics) + "}", ALICE);
        assertEquals(201, r.statusCode(), r.body());
        return WsClient.JSON.readTree(r.body());
    }

    private JsonNode channel(String base, String name) throws Exception {
        HttpResponse<String> r = http("GET", base + "/" + name, null, ALICE);
        assertEquals(200, r.statusCode(), r.body());
        return WsClient.JSON.readTree(r.body());
    }

    private WsClient connect(WsClient.Kind kind, String base, String name, Map<String, String> headers) throws Exception {
        WsClient c = kind.connect(fixture.ws(base + "/" + name + "/ws"), headers);
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
        JsonNode body = WsClient.JSON.readTree(created.body());
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

        WsClient first = connect(WsClient.Kind.JDK, "/channels", name, ALICE);
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

        WsClient second = connect(WsClient.Kind.JETTY, "/channels", name, ALICE);
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
        WsClient first = connect(WsClient.Kind.JETTY, "/channels", name, ALICE);
        first.next();
        Event before = fixture.hub.publish(topic, "e", "to the first");
        assertEvent(before, first.nextJson());

        WsClient second = connect(WsClient.Kind.JDK, "/channels", name, ALICE);
        assertEquals(RingcastCloseCodes.REPLACED, first.awaitClose());
        assertEquals("replaced by a newer connection to channel \"" + name + "\"", first.closeReason);
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
        WsClient c = connect(WsClient.Kind.JDK, "/brief", name, ALICE);
        c.next();
        Thread.sleep(500);
        assertTrue(channel("/brief", name).get("connected").asBoolean(), "a connected channel does not expire");
        c.close();

        Fixture.await(() -> fixture.briefChannels.size() == 0, "the sweeper to expire the channel");
        assertEquals(404, http("GET", "/brief/" + name, null, ALICE).statusCode());
        WsClient late = connect(WsClient.Kind.JDK, "/brief", name, ALICE);
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
        WsClient c = connect(WsClient.Kind.JDK, "/channels", name, ALICE);
        c.next();
        assertEquals(204, http("DELETE", "/channels/" + name, null, ALICE).statusCode());
        assertEquals(RingcastCloseCodes.CHANNEL_GONE, c.awaitClose());
        assertEquals("channel \"" + name + "\" was deleted", c.closeReason);
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

        WsClient c = connect(WsClient.Kind.JDK, "/channels", name, ALICE);
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
    void refusesAConnectionWithoutAnOwnerOrToAnotherOwnersChannel(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = newName();
        register("/channels", name, "owned-" + name);
        WsClient anonymous = connect(WsClient.Kind.JDK, "/channels", name, Map.of());
        assertEquals(401, anonymous.nextJson().get("status").asInt());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, anonymous.awaitClose());
        WsClient bob = connect(WsClient.Kind.JETTY, "/channels", name, BOB);
        assertEquals(404, bob.nextJson().get("status").asInt());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, bob.awaitClose());
    }
}
