package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.JdkWebSocketClient;
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
 * The endpoint modes, in Jetty 12, Tomcat 11 and Undertow: a fixed topic with bare data frames
 * and no control frames, negated and repeated type filters, an application's frame format, a
 * channel of a fixed name whose owner comes from a subprotocol, and the {@link HandshakeFilter}
 * that refuses a handshake with an HTTP status and a JSON body before the upgrade.
 */
@Timeout(60)
class EndpointModesTest {

    private static final Map<ContainerKind, Fixture> FIXTURES = new EnumMap<>(ContainerKind.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration QUIET = Duration.ofMillis(300);

    private Fixture fixture;
    private final List<WebSocketTestClient> clients = new ArrayList<>();

    private Fixture fixture(ContainerKind kind) {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        return fixture;
    }

    @AfterEach
    void closeClientsAndCheckNoSubscriptionIsLeft() throws InterruptedException {
        clients.forEach(WebSocketTestClient::close);
        clients.clear();
        if (fixture != null) {
            fixture.awaitNoSubscriptions();
        }
    }

    @AfterAll
    static void stopContainers() {
        FIXTURES.values().forEach(Fixture::close);
        FIXTURES.clear();
    }

    /** Connects and waits until the connection has subscribed (without control frames nothing says so). */
    private WebSocketTestClient connect(String pathAndQuery, Map<String, String> headers, String... subprotocols)
            throws Exception {
        int before = fixture.hub.subscriptionCount();
        WebSocketTestClient c = JdkWebSocketClient.connect(fixture.ws(pathAndQuery), headers, subprotocols);
        clients.add(c);
        Fixture.await(() -> fixture.hub.subscriptionCount() > before, "the connection to subscribe");
        return c;
    }

    private RawHttpClient.Response handshake(String target, Map<String, String> headers) throws Exception {
        return new RawHttpClient(fixture.server.port()).webSocketHandshake(target, headers);
    }

    private static void assertJsonError(RawHttpClient.Response r, int status, String message) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals(new String(HttpErrors.body(message), StandardCharsets.UTF_8), r.body(),
                "the body every Ringcast HTTP endpoint gives, {\"error\": ...}");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aFixedTopicEndpointSendsEachEventsDataAsIsAndNothingElse(ContainerKind kind) throws Exception {
        fixture(kind);
        WebSocketTestClient c = connect("/raw", Map.of());
        Event activity = fixture.hub.publish(Fixture.RAW_TOPIC, "activity", Map.of("progress", 42));
        Event quoted = fixture.hub.publishJson(Fixture.RAW_TOPIC, "playing", "{\"title\":\"say \\\"hi\\\"\",\"n\":[1,2]}");

        assertEquals("{\"progress\":42}", c.next(), "the data as published, no envelope and no subscribed frame first");
        assertEquals(quoted.dataJson(), c.next());
        assertSame(activity.frame(WebSocketFrames.DATA), activity.frame(WebSocketFrames.DATA), "built once, cached");

        c.send("{\"action\":\"ping\"}");
        c.send("{\"action\":\"subscribe\",\"topic\":\"other\"}");
        assertNull(c.poll(QUIET), "no pong and no error frame: this endpoint sends events only");
        assertFalse(c.isClosed(), "a control message does not close it");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theDefaultFilterLeavesOutLogsAndNegatedOrRepeatedFiltersAreHonoured(ContainerKind kind) throws Exception {
        fixture(kind);
        WebSocketTestClient byDefault = connect("/raw", Map.of());
        WebSocketTestClient noActivity = connect("/raw?filters=-activity", Map.of());
        WebSocketTestClient repeated = connect("/raw?filter=playing&filter=log", Map.of());
        WebSocketTestClient everything = connect("/raw?filters=", Map.of());
        WebSocketTestClient negatedList = connect("/raw?filters=-log,activity", Map.of());

        for (String type : List.of("log", "activity", "playing", "timeline")) {
            fixture.hub.publish(Fixture.RAW_TOPIC, type, Map.of("type", type));
        }

        assertEquals(List.of("activity", "playing", "timeline"), types(byDefault, 3), "default -log: all but log");
        assertEquals(List.of("log", "playing", "timeline"), types(noActivity, 3), "filters=-activity");
        assertEquals(List.of("log", "playing"), types(repeated, 2), "filter=playing&filter=log: only those, joined");
        assertEquals(List.of("log", "activity", "playing", "timeline"), types(everything, 4), "filters= : all");
        assertEquals(List.of("playing", "timeline"), types(negatedList, 2), "filters=-log,activity: all but both");
        for (WebSocketTestClient c : List.of(byDefault, noActivity, repeated, everything, negatedList)) {
            assertNull(c.poll(Duration.ofMillis(50)), "nothing else");
        }
    }

    private static List<String> types(WebSocketTestClient c, int n) throws Exception {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(c.nextJson().get("type").asText());
        }
        return types;
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anApplicationsFrameFormatIsEncodedOnceAndSharedByEveryConnection(ContainerKind kind) throws Exception {
        fixture(kind);
        String topic = "custom" + NAMES.incrementAndGet();
        WebSocketTestClient first = JdkWebSocketClient.connect(fixture.ws("/custom?topic=" + topic));
        WebSocketTestClient second = JdkWebSocketClient.connect(fixture.ws("/custom?topic=" + topic));
        clients.add(first);
        clients.add(second);
        assertEquals("subscribed", first.nextJson().get("type").asText(), "control frames stay on by default");
        assertEquals("subscribed", second.nextJson().get("type").asText());

        Event e = fixture.hub.publish(topic, "created", Map.of("order", 42));

        assertEquals("created:{\"order\":42}", first.next());
        assertEquals("created:{\"order\":42}", second.next());
        assertSame(e.frame(Fixture.CUSTOM), e.frame(Fixture.CUSTOM), "cached on the event");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aDeniedHandshakeIsRefusedBeforeTheUpgradeWithTheDenialsStatusAndJsonBody(ContainerKind kind) throws Exception {
        fixture(kind);
        assertJsonError(handshake("/ws-filtered?topic=a", Map.of()), 401, "send Authorization: Bearer good");
        assertJsonError(handshake("/ws-filtered?topic=a", Map.of("Authorization", "Bearer bad")), 401,
                "send Authorization: Bearer good");
        assertEquals(401, JdkWebSocketClient.refusal(fixture.ws("/ws-filtered?topic=a"), Map.of()),
                "a WebSocket client sees the status");

        RawHttpClient.Response badId = handshake("/ws-filtered?topic=a&lastEventId=yesterday",
                Map.of("Authorization", "Bearer good"));
        assertEquals(400, badId.status(), badId.body());
        assertTrue(Fixture.JSON.readTree(badId.body()).get("error").asText().startsWith("lastEventId=yesterday is invalid"),
                badId.body());

        RawHttpClient.Response origin = handshake("/ws-filtered?topic=a",
                Map.of("Authorization", "Bearer good", "Origin", "https://evil.example"));
        assertEquals(403, origin.status(), "the origin check answers 403 in every container, Undertow included");
        assertTrue(Fixture.JSON.readTree(origin.body()).get("error").asText().contains("https://evil.example"));

        String topic = "filtered" + NAMES.incrementAndGet();
        WebSocketTestClient allowed = JdkWebSocketClient.connect(fixture.ws("/ws-filtered?topic=" + topic),
                Map.of("Authorization", "Bearer good"));
        clients.add(allowed);
        assertEquals("subscribed", allowed.nextJson().get("type").asText(), "an allowed handshake goes on to the endpoint");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aPlainGetOnAGuardedPathReachesTheServletAndAnUpgradeTheEndpoint(ContainerKind kind) throws Exception {
        fixture(kind);
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fixture.http("raw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertEquals(Fixture.PLAIN_BODY, plain.body());

        WebSocketTestClient upgraded = connect("/raw", Map.of());
        Event e = fixture.hub.publish(Fixture.RAW_TOPIC, "playing", Map.of("state", "paused"));
        assertEquals(e.dataJson(), upgraded.next());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aFixedNameChannelTakesItsOwnerFromASubprotocolAndSendsBareData(ContainerKind kind) throws Exception {
        fixture(kind);
        String owner = "owner" + NAMES.incrementAndGet();
        assertJsonError(handshake("/inbox", Map.of("Sec-WebSocket-Protocol", "wss, key_" + owner)), 404, Fixture.NO_INBOX);
        assertJsonError(handshake("/inbox", Map.of()), 401, dev.ringcast.websocket.internal.ChannelOwners.MISSING);

        String topic = "inbox-topic-" + owner;
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fixture.http("channels/inbox"))
                .header("Authorization", "Bearer " + owner)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"" + topic + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        Event waiting = fixture.hub.publish(topic, "note", Map.of("n", 1));

        WebSocketTestClient c = JdkWebSocketClient.connect(fixture.ws("/inbox"), Map.of(), "wss", "key_" + owner);
        clients.add(c);
        assertEquals("wss", c.subprotocol(), "the accepted subprotocol is selected, the key one is not");
        assertEquals(waiting.dataJson(), c.next(), "what waited, as bare data, with no subscribed frame first");
        Event live = fixture.hub.publish(topic, "note", Map.of("n", 2));
        assertEquals(live.dataJson(), c.next());
        JsonNode info = Fixture.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                fixture.http("channels/inbox")).header("Authorization", "Bearer " + owner).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(info.get("connected").asBoolean(), info.toString());
        assertTrue(fixture.channels.delete(owner, "inbox"));
        assertEquals(RingcastCloseCodes.CHANNEL_GONE, c.awaitClose());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aPathTemplateIsMatchedByTheFilter(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = "nochannel" + NAMES.incrementAndGet();
        RawHttpClient.Response r = handshake("/filtered-channels/" + name + "/ws", Map.of("Authorization", "Bearer alice"));
        assertEquals(404, r.status(), r.body());
        assertTrue(Fixture.JSON.readTree(r.body()).get("error").asText().startsWith("you have no channel \"" + name + "\""),
                r.body());
        assertJsonError(handshake("/filtered-channels/" + name + "/ws", Map.of()), 401,
                dev.ringcast.websocket.internal.ChannelOwners.MISSING);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aOneChannelServletRegistersReadsAndDeletesTheOwnersChannelOfItsFixedName(ContainerKind kind) throws Exception {
        fixture(kind);
        String owner = "rest" + NAMES.incrementAndGet();
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.Function<String, HttpResponse<String>> call = method -> {
            try {
                return http.send(HttpRequest.newBuilder(fixture.http("inbox-rest")).header("Authorization", "Bearer " + owner)
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        HttpResponse<String> missing = call.apply("GET");
        assertEquals(404, missing.statusCode());
        assertEquals(new String(HttpErrors.body(Fixture.NO_INBOX), StandardCharsets.UTF_8), missing.body());
        HttpResponse<String> created = call.apply("PUT");
        assertEquals(201, created.statusCode(), "no body needed: the topics are fixed");
        assertEquals("{\"waiting\":0}", created.body(), "the API's own shape");
        assertEquals(List.of("inbox-fixed"), fixture.channels.get(owner, "inbox").orElseThrow().topics());
        fixture.hub.publish("inbox-fixed", "note", Map.of("n", 1));
        assertEquals(200, call.apply("PUT").statusCode());
        assertEquals("{\"waiting\":1}", call.apply("GET").body());
        assertEquals(405, call.apply("POST").statusCode());
        assertEquals(204, call.apply("DELETE").statusCode());
        assertEquals(404, call.apply("DELETE").statusCode());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void withoutControlFramesAResetSendsNoFrameButTheChannelsCursorMovesPastIt(ContainerKind kind) throws Exception {
        fixture(kind);
        String owner = "lapped" + NAMES.incrementAndGet();
        fixture.channels.register(owner, "inbox", List.of("small-inbox")); // a ring of 8
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            published.add(fixture.hub.publish("small-inbox", "note", Map.of("n", i)));
        }
        WebSocketTestClient c = JdkWebSocketClient.connect(fixture.ws("/inbox"), Map.of(), "wss", "key_" + owner);
        clients.add(c);
        for (Event retained : published.subList(12, 20)) {
            assertEquals(retained.dataJson(), c.next(), "the oldest retained on, and no reset frame before them");
        }
        Event last = published.get(19);
        Fixture.await(() -> fixture.channels.get(owner, "inbox").orElseThrow().lastEventIds().get("small-inbox") == last.id(),
                "the cursor to reach the last event");
        assertTrue(fixture.channels.delete(owner, "inbox"));
    }
}
