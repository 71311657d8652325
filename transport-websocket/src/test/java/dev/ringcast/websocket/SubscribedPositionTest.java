package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code subscribed} frame's {@code lastEventId} is the client's position before it has seen
 * any event (the WebSocket analogue of the SSE stream's position block): the topic's head when
 * the subscription was made, whether by {@code ?topic=} or by a subscribe message. A client cut
 * right after it, resuming from it on a new connection, gets the events published meanwhile,
 * none lost, none repeated.
 */
@Timeout(60)
class SubscribedPositionTest {

    private static final Map<ContainerKind, Fixture> FIXTURES = new EnumMap<>(ContainerKind.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private Fixture fixture;
    private final List<WebSocketTestClient> clients = new ArrayList<>();

    static Stream<Arguments> containersAndClients() {
        return Stream.of(ContainerKind.values())
                .flatMap(c -> Stream.of(ClientKind.values()).map(k -> Arguments.of(c, k)));
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

    private WebSocketTestClient connect(ClientKind client, String pathAndQuery) throws Exception {
        WebSocketTestClient c = client.connect(fixture.ws(pathAndQuery), Map.of());
        clients.add(c);
        return c;
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void theSubscribedFrameOfATopicParameterIsTheHeadAndResumingFromItLosesAndRepeatsNothing(
            ContainerKind kind, ClientKind client) throws Exception {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        String topic = "position-" + TOPICS.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            fixture.hub.publish(topic, "before", i); // history the client did not ask for
        }
        long head = fixture.hub.window(topic).headId();

        WebSocketTestClient first = connect(client, "/ws?topic=" + topic);
        long position = subscribedPosition(first, topic);
        assertEquals(head, position, "the head when the subscription was made");
        List<Event> published = publishFive(topic);
        first.close(); // whether or not it read them

        WebSocketTestClient resumed = connect(client, "/ws?topic=" + topic + "&lastEventId=" + position);
        assertEquals(position, subscribedPosition(resumed, topic));
        assertExactly(published, resumed);
    }

    @ParameterizedTest
    @MethodSource("containersAndClients")
    void theSubscribedFrameOfASubscribeMessageIsTheHeadAndResumingFromItLosesAndRepeatsNothing(
            ContainerKind kind, ClientKind client) throws Exception {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        String topic = "position-" + TOPICS.incrementAndGet(); // does not exist before the subscribe

        WebSocketTestClient first = connect(client, "/ws");
        first.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        long position = subscribedPosition(first, topic);
        assertEquals(fixture.hub.window(topic).headId(), position, "the head when the subscription was made");
        List<Event> published = publishFive(topic);
        first.close();

        WebSocketTestClient resumed = connect(client, "/ws");
        resumed.send("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"lastEventId\":" + position + "}");
        assertEquals(position, subscribedPosition(resumed, topic));
        assertExactly(published, resumed);
    }

    private static long subscribedPosition(WebSocketTestClient client, String topic) throws Exception {
        JsonNode frame = client.nextJson();
        assertEquals("subscribed", frame.path("type").asText(), frame.toString());
        assertEquals(topic, frame.path("topic").asText(), frame.toString());
        return frame.get("lastEventId").asLong();
    }

    private List<Event> publishFive(String topic) {
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(fixture.hub.publish(topic, "after", i));
        }
        return published;
    }

    private static void assertExactly(List<Event> published, WebSocketTestClient client) throws Exception {
        for (Event e : published) {
            JsonNode frame = client.nextJson();
            assertEquals(e.id(), frame.path("id").asLong(), "expected event " + e.id() + ", got " + frame);
        }
        assertNull(client.poll(Duration.ofMillis(100)), "nothing repeated");
    }
}
