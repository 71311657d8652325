package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel client that names its own last ids ({@code /channels/{name}/ws?lastEventId=a:42,b:17})
 * gets what the server sent but it never received: after its connection died without a close
 * frame, and across a takeover. An id the server never sent is ignored. In every container.
 *
 * <p>The dead connections are raw sockets ({@link SilentPeer}) that read some frames, stop
 * reading while the server's sends complete into the socket buffers, and then reset the TCP
 * connection: the server's cursor is past what the client has, which is what a half-open
 * connection or a network cut leaves behind.
 */
@Timeout(60)
class ChannelResumeTest {

    private static final Map<ContainerKind, Fixture> FIXTURES = new EnumMap<>(ContainerKind.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String OWNER = "alice-key";
    private static final Map<String, String> ALICE = Map.of("Authorization", "Bearer " + OWNER);

    private Fixture fixture;
    private final List<WebSocketTestClient> clients = new ArrayList<>();
    private final List<SilentPeer> peers = new ArrayList<>();

    private Fixture fixture(ContainerKind kind) {
        fixture = FIXTURES.computeIfAbsent(kind, Fixture::start);
        return fixture;
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.forEach(WebSocketTestClient::close);
        for (SilentPeer p : peers) {
            p.close();
        }
        if (fixture != null) {
            fixture.awaitNoSubscriptions();
        }
    }

    @AfterAll
    static void stopContainers() {
        FIXTURES.values().forEach(Fixture::close);
        FIXTURES.clear();
    }

    private WebSocketTestClient connect(String name, String query) throws Exception {
        WebSocketTestClient c = ClientKind.JDK.connect(fixture.ws("/channels/" + name + "/ws" + query), ALICE);
        clients.add(c);
        return c;
    }

    private SilentPeer rawPeer(String name) throws Exception {
        SilentPeer p = new SilentPeer(fixture.server.port(), "/channels/" + name + "/ws", ALICE);
        peers.add(p);
        return p;
    }

    private ChannelInfo channel(String name) {
        return fixture.channels.get(OWNER, name).orElseThrow(() -> new AssertionError("no channel " + name));
    }

    private void awaitCursor(String name, String topic, long id) throws InterruptedException {
        Fixture.await(() -> channel(name).lastEventIds().get(topic) == id,
                "the server's cursor of " + topic + " to reach " + id + ", at " + channel(name).lastEventIds().get(topic));
    }

    private void awaitDisconnected(String name) throws InterruptedException {
        Fixture.await(() -> !channel(name).connected(), "the channel to have no connection");
    }

    /** Reads a raw peer's text frames until it has {@code events} events; returns each topic's last id. */
    private static Map<String, Long> readSome(SilentPeer peer, int subscribed, int events) throws Exception {
        Map<String, Long> last = new HashMap<>();
        int seenEvents = 0;
        while (seenEvents < events || last.size() < subscribed) {
            SilentPeer.Frame f = peer.next();
            assertNotNull(f, "the peer's connection ended early: " + peer.ended);
            if (f.opcode() != SilentPeer.Frame.TEXT) {
                continue; // a ping: a dead peer does not answer
            }
            JsonNode frame = Fixture.JSON.readTree(f.text());
            if ("subscribed".equals(frame.path("type").asText())) {
                last.put(frame.get("topic").asText(), frame.get("lastEventId").asLong());
            } else {
                assertTrue(frame.has("id"), frame.toString());
                last.put(frame.get("topic").asText(), frame.get("id").asLong());
                seenEvents++;
            }
        }
        return last;
    }

    /** Reads {@code count} event frames, in order per topic. */
    private static Map<String, List<Long>> readEvents(WebSocketTestClient client, int count) throws Exception {
        Map<String, List<Long>> byTopic = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            JsonNode frame = client.nextJson();
            assertTrue(frame.has("id") && !"reset".equals(frame.path("type").asText()), "an event: " + frame);
            byTopic.computeIfAbsent(frame.get("topic").asText(), t -> new ArrayList<>()).add(frame.get("id").asLong());
        }
        return byTopic;
    }

    private static List<Long> idsAfter(List<Event> published, long afterId) {
        return published.stream().map(Event::id).filter(id -> id > afterId).toList();
    }

    private static void assertSubscribed(WebSocketTestClient client, String topic, long position) throws Exception {
        JsonNode frame = client.nextJson();
        assertEquals("subscribed", frame.path("type").asText(), frame.toString());
        assertEquals(topic, frame.path("topic").asText(), frame.toString());
        assertEquals(position, frame.path("lastEventId").asLong(), "resumes after " + position + ": " + frame);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientCutWithoutACloseFrameResumesWithItsLastIdsAndGetsEveryEventExactlyOnceInOrder(ContainerKind kind)
            throws Exception {
        fixture(kind);
        String name = "resume" + NAMES.incrementAndGet();
        String a = name + "-a";
        String b = name + "-b";
        fixture.channels.register(OWNER, name, List.of(a, b));
        SilentPeer peer = rawPeer(name);
        List<Event> toA = new ArrayList<>();
        List<Event> toB = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            toA.add(fixture.hub.publish(a, "e", i));
            toB.add(fixture.hub.publish(b, "e", i));
        }

        Map<String, Long> clientHas = readSome(peer, 2, 10);
        awaitCursor(name, a, toA.get(59).id()); // every frame's send completed: into the socket buffers
        awaitCursor(name, b, toB.get(59).id());
        assertTrue(clientHas.get(a) < toA.get(59).id() && clientHas.get(b) < toB.get(59).id(),
                "the client has less than the server sent: " + clientHas);
        peer.reset();
        awaitDisconnected(name);

        WebSocketTestClient resumed = connect(name, "?lastEventId=" + a + ":" + clientHas.get(a) + "," + b + ":" + clientHas.get(b));
        assertSubscribed(resumed, a, clientHas.get(a));
        assertSubscribed(resumed, b, clientHas.get(b));
        List<Long> restOfA = idsAfter(toA, clientHas.get(a));
        List<Long> restOfB = idsAfter(toB, clientHas.get(b));
        Map<String, List<Long>> got = readEvents(resumed, restOfA.size() + restOfB.size());
        assertEquals(restOfA, got.getOrDefault(a, List.of()), a + ": what was sent but never received, once, in order");
        assertEquals(restOfB, got.getOrDefault(b, List.of()), b + ": likewise");
        Event live = fixture.hub.publish(a, "e", "live");
        assertEquals(live.id(), resumed.nextJson().get("id").asLong());
        assertNull(resumed.poll(Duration.ofMillis(100)), "nothing repeated");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aTakeoverWithTheClientsLastIdResendsWhatTheReplacedConnectionSentButTheClientNeverRead(ContainerKind kind)
            throws Exception {
        fixture(kind);
        String name = "takeover" + NAMES.incrementAndGet();
        String topic = name + "-t";
        fixture.channels.register(OWNER, name, List.of(topic));
        SilentPeer stalled = rawPeer(name); // stays connected, stops reading: a half-open connection
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            published.add(fixture.hub.publish(topic, "e", i));
        }
        long clientHas = readSome(stalled, 1, 5).get(topic);
        awaitCursor(name, topic, published.get(49).id());

        WebSocketTestClient takeover = connect(name, "?lastEventId=" + clientHas); // one topic: a plain id
        assertSubscribed(takeover, topic, clientHas);
        assertEquals(Map.of(topic, idsAfter(published, clientHas)), readEvents(takeover, 45));
        Event live = fixture.hub.publish(topic, "e", "live");
        assertEquals(live.id(), takeover.nextJson().get("id").asLong());
        assertNull(takeover.poll(Duration.ofMillis(100)), "nothing repeated");
        Fixture.await(() -> fixture.hub.subscriptionCount() == 1, "the replaced connection's subscription to end");
        stalled.reset();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anIdAboveTheServersCursorIsIgnoredAndATopicNotNamedResumesFromTheCursor(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = "above" + NAMES.incrementAndGet();
        String a = name + "-a";
        String b = name + "-b";
        fixture.channels.register(OWNER, name, List.of(a, b));
        WebSocketTestClient first = connect(name, "");
        first.next();
        first.next();
        Event a1 = fixture.hub.publish(a, "e", 1);
        Event b1 = fixture.hub.publish(b, "e", 1);
        readEvents(first, 2);
        awaitCursor(name, a, a1.id());
        awaitCursor(name, b, b1.id());
        first.close();
        awaitDisconnected(name);
        Event a2 = fixture.hub.publish(a, "e", 2);
        Event b2 = fixture.hub.publish(b, "e", 2);

        WebSocketTestClient second = connect(name, "?lastEventId=" + a + ":" + (a2.id() + 1000)); // never sent: not the client's
        assertSubscribed(second, a, a1.id());
        assertSubscribed(second, b, b1.id());
        assertEquals(Map.of(a, List.of(a2.id()), b, List.of(b2.id())), new HashMap<>(readEvents(second, 2)));
        assertNull(second.poll(Duration.ofMillis(100)), "nothing more");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void refusesAMalformedLastEventIdWithAnErrorFrameAndClose1008AndKeepsTheCursors(ContainerKind kind) throws Exception {
        fixture(kind);
        String name = "malformed" + NAMES.incrementAndGet();
        fixture.channels.register(OWNER, name, List.of(name + "-a", name + "-b"));
        Map<String, Long> cursors = channel(name).lastEventIds();

        WebSocketTestClient notAnId = connect(name, "?lastEventId=" + name + "-a:x");
        JsonNode error = notAnId.nextJson();
        assertEquals(400, error.get("status").asInt(), error.toString());
        assertTrue(error.get("error").asText().startsWith("lastEventId=" + name + "-a:x is invalid: give the last id"),
                error.toString());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, notAnId.awaitClose());

        WebSocketTestClient plainForTwo = connect(name, "?lastEventId=42");
        error = plainForTwo.nextJson();
        assertEquals(400, error.get("status").asInt(), error.toString());
        assertTrue(error.get("error").asText().contains("is a plain id, but channel \"" + name + "\" reads 2 topics"),
                error.toString());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, plainForTwo.awaitClose());

        assertFalse(channel(name).connected());
        assertEquals(cursors, channel(name).lastEventIds(), "a refused connection moves no cursor");
    }
}
