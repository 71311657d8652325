package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.LogCapture;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topic endpoint's contract, in Jetty 12, Tomcat 11 and Undertow, each with the JDK's and
 * Jetty's WebSocket clients. One container per kind serves the whole class; each test reads
 * topics of its own, and ends with every subscription gone.
 */
@Timeout(60)
class WebSocketEndpointTest {

    private static final Map<ContainerKind, Fixture> FIXTURES = new EnumMap<>(ContainerKind.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private Fixture fixture;
    private final List<WebSocketTestClient> clients = new ArrayList<>();

    static Stream<Arguments> containersAndClients() {
        return Stream.of(ContainerKind.values())
                .flatMap(c -> Stream.of(ClientKind.values()).map(k -> Arguments.of(c, k)));
    }

    private Fixture fixture(ContainerKind kind) {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        return fixture;
    }

    private WebSocketTestClient connect(ClientKind client, String pathAndQuery) throws Exception {
        return connect(client, fixture.ws(pathAndQuery), Map.of());
    }

    private WebSocketTestClient connect(ClientKind client, URI uri, Map<String, String> headers) throws Exception {
        WebSocketTestClient c = client.connect(uri, headers);
        clients.add(c);
        return c;
    }

    private static String newTopic() {
        return "t" + TOPICS.incrementAndGet();
    }

    @AfterEach
    void closeClientsAndCheckNoSubscriptionIsLeft() throws InterruptedException {
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

    private static void assertSubscribed(WebSocketTestClient client, String topic) throws Exception {
        JsonNode frame = client.nextJson();
        assertEquals("subscribed", frame.get("type").asText(), frame.toString());
        assertEquals(topic, frame.get("topic").asText());
    }

    private static void assertEvent(Event expected, JsonNode frame) {
        assertEquals(expected.id(), frame.get("id").asLong(), frame.toString());
        assertEquals(expected.topic(), frame.get("topic").asText());
        assertEquals(expected.type(), frame.get("type").asText());
        assertEquals(expected.dataJson(), frame.get("data").toString());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void receivesEventsAsOneJsonTextFramePerEvent(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        WebSocketTestClient c = connect(client, "/ws?topic=" + topic);
        assertSubscribed(c, topic);

        Event created = fixture.hub.publish(topic, "created", Map.of("order", 42));
        Event quoted = fixture.hub.publishJson(topic, "type with \"quotes\" and é", "[1,\"two\",null]");

        assertEvent(created, c.nextJson());
        assertEvent(quoted, c.nextJson());
        assertEquals("{\"id\":" + created.id() + ",\"topic\":\"" + topic + "\",\"type\":\"created\",\"data\":{\"order\":42}}",
                created.frame(WebSocketFrames.EVENT), "the exact frame, encoded once");
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void resumesAfterLastEventIdWithNoEventLostOrRepeated(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        Event first = fixture.hub.publish(topic, "e", 1);
        Event second = fixture.hub.publish(topic, "e", 2);
        Event third = fixture.hub.publish(topic, "e", 3);

        WebSocketTestClient c = connect(client, "/ws?topic=" + topic + "&lastEventId=" + first.id());
        JsonNode subscribed = c.nextJson();
        assertEquals(first.id(), subscribed.get("lastEventId").asLong(), subscribed.toString());
        assertEvent(second, c.nextJson());
        assertEvent(third, c.nextJson());
        Event live = fixture.hub.publish(topic, "e", 4);
        assertEvent(live, c.nextJson());
        assertNull(c.poll(Duration.ofMillis(100)), "nothing repeated");
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void resumesSeveralTopicsWithOneIdPerTopicJoinedByUnderscores(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String a = newTopic();
        String b = newTopic();
        Event a1 = fixture.hub.publish(a, "e", "a1");
        fixture.hub.publish(a, "e", "a2");
        Event b1 = fixture.hub.publish(b, "e", "b1");

        WebSocketTestClient c = connect(client, "/ws?topic=" + a + "&topic=" + b + "&lastEventId=" + a1.id() + "_" + (b1.id() - 1)
                + "&types=e");
        assertSubscribed(c, a);
        assertSubscribed(c, b);
        List<String> data = new ArrayList<>();
        data.add(c.nextJson().get("data").asText());
        data.add(c.nextJson().get("data").asText());
        data.sort(null);
        assertEquals(List.of("a2", "b1"), data);
        fixture.hub.publish(b, "other", "filtered out by types=e");
        Event a3 = fixture.hub.publish(a, "e", "a3");
        assertEvent(a3, c.nextJson());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void deliversAReplayLargerThanTheSendQueueWholeAndInOrder(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        long start = fixture.hub.window(topic).headId();
        String padding = "x".repeat(400);
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 1000; i++) { // 400 KB: the hub is told "not ready" at 256 KiB and resumed as sends complete
            published.add(fixture.hub.publish(topic, "e", Map.of("n", i, "padding", padding)));
        }
        WebSocketTestClient c = connect(client, "/ws?topic=" + topic + "&lastEventId=" + start);
        assertSubscribed(c, topic);
        for (Event e : published) {
            assertEquals(e.id(), c.nextJson().get("id").asLong());
        }
        assertNull(c.poll(Duration.ofMillis(50)));
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void subscribesAndUnsubscribesWithControlMessagesOnAnOpenConnection(ContainerKind kind, ClientKind client)
            throws Exception {
        fixture(kind);
        String topic = newTopic();
        Event before = fixture.hub.publish(topic, "e", "before");
        Event resumed = fixture.hub.publish(topic, "e", "resumed");
        WebSocketTestClient c = connect(client, "/ws");

        c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"lastEventId\":" + before.id() + "}");
        JsonNode subscribed = c.nextJson();
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"" + topic + "\",\"lastEventId\":" + before.id() + "}",
                subscribed.toString());
        assertEvent(resumed, c.nextJson());
        Event live = fixture.hub.publish(topic, "e", "live");
        assertEvent(live, c.nextJson());

        c.send("{\"action\":\"unsubscribe\",\"topic\":\"" + topic + "\"}");
        assertEquals("{\"type\":\"unsubscribed\",\"topic\":\"" + topic + "\"}", c.nextJson().toString());
        fixture.hub.publish(topic, "e", "after unsubscribe");
        c.send("{\"action\":\"ping\"}");
        assertEquals("{\"type\":\"pong\"}", c.next(), "the pong, and no event of the topic before it");

        c.send("{\"action\":\"unsubscribe\",\"topic\":\"" + topic + "\"}");
        JsonNode error = c.nextJson();
        assertEquals("error", error.get("type").asText());
        assertEquals(404, error.get("status").asInt());

        c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        assertSubscribed(c, topic);
        Event again = fixture.hub.publish(topic, "e", "subscribed again, live");
        assertEvent(again, c.nextJson());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void answersAPingControlMessageWithAPong(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        WebSocketTestClient c = connect(client, "/ws");
        c.send("{\"action\":\"ping\",\"ref\":7}");
        assertEquals("{\"type\":\"pong\"}", c.next());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void lastEventIdZeroReplaysEverythingRetainedWithAResetOnlyOnceSomethingIsGone(ContainerKind kind,
                                                                                   ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        Event first = fixture.hub.publish(topic, "e", 1);
        Event second = fixture.hub.publish(topic, "e", 2);
        WebSocketTestClient c = connect(client, "/ws?topic=" + topic + "&lastEventId=0");
        assertSubscribed(c, topic);
        assertEvent(first, c.nextJson());
        assertEvent(second, c.nextJson());
        assertNull(c.poll(Duration.ofMillis(100)), "no reset while nothing is gone");

        String small = "small-zero-" + client; // a ring of 8
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            published.add(fixture.hub.publish(small, "e", i));
        }
        WebSocketTestClient late = connect(client, "/ws?topic=" + small + "&lastEventId=0");
        assertSubscribed(late, small);
        JsonNode reset = late.nextJson();
        assertEquals("reset", reset.get("type").asText(), reset.toString());
        assertEquals(0, reset.get("data").get("requested").asLong());
        assertEquals(published.get(4).id(), reset.get("data").get("oldest").asLong());
        for (Event e : published.subList(4, 12)) {
            assertEvent(e, late.nextJson());
        }
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void sendsAResetFrameForAnIdTheRingNoLongerHoldsThenTheOldestEvents(ContainerKind kind, ClientKind client)
            throws Exception {
        fixture(kind);
        String topic = "small-" + client; // a ring of 8
        long requested = fixture.hub.window(topic).headId();
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            published.add(fixture.hub.publish(topic, "e", i));
        }
        long oldest = fixture.hub.window(topic).oldestId();

        WebSocketTestClient c = connect(client, "/ws?topic=" + topic + "&lastEventId=" + requested);
        assertSubscribed(c, topic);
        JsonNode reset = c.nextJson();
        assertEquals("{\"id\":" + (oldest - 1) + ",\"topic\":\"" + topic + "\",\"type\":\"reset\",\"data\":{\"requested\":"
                + requested + ",\"oldest\":" + oldest + ",\"cause\":\"TOO_OLD\"}}", reset.toString());
        for (Event e : published.subList(12, 20)) {
            assertEvent(e, c.nextJson());
        }
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void closesWith1009WhenAMessageIsLargerThanTheInboundLimit(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        WebSocketTestClient c = connect(client, "/ws?topic=" + newTopic());
        c.next();
        // Tomcat sends its 1009 close frame only if no send of ours is still finishing, else it
        // just drops the connection (1006): let the subscribed frame's send settle first.
        Thread.sleep(100);
        String big = "{\"action\":\"ping\",\"padding\":\"" + "x".repeat(2000) + "\"}";
        try {
            c.send(big);
        } catch (ExecutionException e) {
            // the server may close while the client is still sending
        }
        assertEquals(RingcastCloseCodes.TOO_BIG, c.awaitClose(), c.closeReason());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void answersAMalformedOrUnknownMessageWithAnErrorFrameAndStaysUsable(ContainerKind kind, ClientKind client)
            throws Exception {
        fixture(kind);
        String topic = newTopic();
        WebSocketTestClient c = connect(client, "/ws?topic=" + topic);
        assertSubscribed(c, topic);

        c.send("{\"action\": \"subscribe\", \"topic\": ");
        JsonNode malformed = c.nextJson();
        assertEquals("error", malformed.get("type").asText());
        assertEquals(400, malformed.get("status").asInt());
        assertTrue(malformed.get("error").asText().startsWith("message is not valid JSON"), malformed.toString());

        c.send("{\"action\":\"dance\"}");
        assertTrue(c.nextJson().get("error").asText().startsWith("action \"dance\" is unknown: use subscribe, unsubscribe or ping"));
        c.send("{\"action\":\"subscribe\",\"topic\":\"a b\"}");
        assertEquals("topic \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]", c.nextJson().get("error").asText());
        c.send("{\"action\":\"subscribe\",\"topic\":\"x\",\"lastEventId\":-3}");
        assertTrue(c.nextJson().get("error").asText().startsWith("lastEventId -3 is invalid"));

        c.send("{\"action\":\"ping\"}");
        assertEquals("{\"type\":\"pong\"}", c.next());
        Event e = fixture.hub.publish(topic, "e", "still delivered");
        assertEvent(e, c.nextJson());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void refusesAMalformedLastEventIdWithAnErrorFrameAndClose1008(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        WebSocketTestClient c = connect(client, "/ws?topic=" + newTopic() + "&lastEventId=yesterday");
        JsonNode error = c.nextJson();
        assertEquals(400, error.get("status").asInt(), error.toString());
        assertTrue(error.get("error").asText().startsWith("lastEventId=yesterday is invalid"), error.toString());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, c.awaitClose());
        assertTrue(c.closeReason().startsWith("lastEventId=yesterday is invalid"), c.closeReason());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void refusesALastEventIdThatIsNotPlainDigitsWithAnErrorFrameAndClose1008(ContainerKind kind, ClientKind client)
            throws Exception {
        fixture(kind);
        String a = newTopic();
        String b = newTopic();
        // Each as sent in the URL, and as the server reads it.
        Map<String, String> single = new java.util.LinkedHashMap<>();
        single.put("%2B42", "+42");
        single.put("%2042", " 42");
        single.put("42%20", "42 ");
        single.put("0x10", "0x10");
        single.put("4.0", "4.0");
        single.put("", "");
        for (Map.Entry<String, String> bad : single.entrySet()) {
            WebSocketTestClient c = connect(client, "/ws?topic=" + a + "&lastEventId=" + bad.getKey());
            JsonNode error = c.nextJson();
            assertEquals(400, error.get("status").asInt(), bad.getKey() + ": " + error);
            assertTrue(error.get("error").asText().startsWith("lastEventId=" + bad.getValue() + " is invalid: use the "
                    + "integer id of the last event you received, in plain digits"), error.toString());
            assertEquals(RingcastCloseCodes.POLICY_VIOLATION, c.awaitClose());
        }
        for (String bad : List.of("42_%2B17", "%2B42_17", "42_%2017", "42_", "4.0_17")) {
            WebSocketTestClient c = connect(client, "/ws?topic=" + a + "&topic=" + b + "&lastEventId=" + bad);
            JsonNode error = c.nextJson();
            assertEquals(400, error.get("status").asInt(), bad + ": " + error);
            assertTrue(error.get("error").asText().contains("is invalid for 2 topics"), error.toString());
            assertEquals(RingcastCloseCodes.POLICY_VIOLATION, c.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void answersASubscribeWhoseLastEventIdIsNotAnIntegerWithAnErrorFrameAndStaysOpen(ContainerKind kind,
                                                                                     ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        WebSocketTestClient c = connect(client, "/ws");
        for (String bad : List.of("\"+42\"", "\" 42\"", "\"42 \"", "\"0x10\"", "\"4.0\"", "\"\"", "4.0", "-1", "4e2",
                "9007199254740992", "true")) {
            c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"lastEventId\":" + bad + "}");
            JsonNode error = c.nextJson();
            assertEquals(400, error.get("status").asInt(), bad + ": " + error);
            assertTrue(error.get("error").asText().contains("is invalid: use the integer id of the last event you "
                    + "received from the topic"), error.toString());
        }
        Event first = fixture.hub.publish(topic, "e", 1);
        Event second = fixture.hub.publish(topic, "e", 2);
        c.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"lastEventId\":\"" + first.id() + "\"}");
        assertSubscribed(c, topic);
        assertEvent(second, c.nextJson());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void anAuthorizerThatThrowsGetsAnErrorFrame500ThenClose1011AndIsLoggedOnce(ContainerKind kind, ClientKind client)
            throws Exception {
        fixture(kind);
        try (LogCapture opener = LogCapture.of("dev.ringcast.websocket.internal.TopicOpener");
             LogCapture connection = LogCapture.of("dev.ringcast.websocket.internal.Connection")) {
            WebSocketTestClient atOpen = connect(client, "/ws-broken?topic=broken-" + newTopic());
            JsonNode error = atOpen.nextJson();
            assertEquals("{\"type\":\"error\",\"status\":500,\"error\":\"the server failed to authorize this request: "
                    + "try again later\"}", error.toString());
            assertEquals(RingcastCloseCodes.SERVER_ERROR, atOpen.awaitClose());
            assertEquals(1, opener.warnings().size(), "logged once: " + opener.warnings());
            assertEquals(Fixture.BROKEN_AUTHORIZER, opener.warnings().get(0).getThrown().getMessage());

            WebSocketTestClient onSubscribe = connect(client, "/ws-broken");
            onSubscribe.send("{\"action\":\"subscribe\",\"topic\":\"broken-" + newTopic() + "\"}");
            assertEquals(error, onSubscribe.nextJson(), "the same frame for a subscribe");
            assertEquals(RingcastCloseCodes.SERVER_ERROR, onSubscribe.awaitClose());
            assertEquals(1, connection.warnings().size(), "logged once: " + connection.warnings());
            assertEquals(Fixture.BROKEN_AUTHORIZER, connection.warnings().get(0).getThrown().getMessage());
            assertEquals(1, opener.warnings().size());
        }
        String topic = newTopic();
        WebSocketTestClient ok = connect(client, "/ws-broken?topic=" + topic);
        assertSubscribed(ok, topic);
        Event e = fixture.hub.publish(topic, "e", "still served");
        assertEvent(e, ok.nextJson());
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void closingTheClientCancelsTheSubscription(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        List<WebSocketTestClient> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WebSocketTestClient c = client.connect(fixture.ws("/ws?topic=" + newTopic()), Map.of());
            c.next();
            three.add(c);
        }
        assertEquals(3, fixture.hub.subscriptionCount());
        three.forEach(WebSocketTestClient::close);
        fixture.awaitNoSubscriptions();
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void asksTheAuthorizerAndRefusesADenialWith1008(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        WebSocketTestClient denied = connect(client, fixture.ws("/ws-guarded?topic=" + topic), Map.of());
        JsonNode error = denied.nextJson();
        assertEquals(401, error.get("status").asInt());
        assertEquals("send Authorization: Bearer good", error.get("error").asText());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, denied.awaitClose());

        WebSocketTestClient allowed = connect(client, fixture.ws("/ws-guarded?topic=" + topic),
                Map.of("Authorization", "Bearer good", "Origin", "https://good.example"));
        assertSubscribed(allowed, topic);
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void refusesTheHandshakeFromAnOriginTheCheckDoesNotAllow(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        Exception refused = assertThrows(Exception.class, () -> connect(client, fixture.ws("/ws-guarded?topic=x"),
                Map.of("Authorization", "Bearer good", "Origin", "https://evil.example")));
        // Jetty and Tomcat answer 403; Undertow lets the request go on to the servlets, here none.
        assertEquals(kind == ContainerKind.UNDERTOW ? 404 : 403, handshakeStatus(refused), String.valueOf(refused));
        assertEquals(0, fixture.hub.subscriptionCount());
    }

    private static int handshakeStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Status Code: (\\d{3})").matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("not a handshake failure", failure);
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void keepsAClientThatAnswersPingsConnected(ContainerKind kind, ClientKind client) throws Exception {
        fixture(kind);
        String topic = newTopic();
        WebSocketTestClient c = connect(client, "/ws-fast?topic=" + topic);
        assertSubscribed(c, topic);
        Thread.sleep(1200); // a dozen pings of 100 ms, each to be answered within 500 ms
        Event e = fixture.hub.publish(topic, "e", "still here");
        assertEvent(e, c.nextJson());
        assertTrue(!c.isClosed(), "closed with " + c.closeCodeNow() + " " + c.closeReason());
    }
}
