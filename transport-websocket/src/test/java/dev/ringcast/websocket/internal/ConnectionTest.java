package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.websocket.RingcastCloseCodes;
import dev.ringcast.websocket.WebSocketFrames;
import dev.ringcast.websocket.WebSocketSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection's outbox against a scripted session: one send in flight, back-pressure, order, closes. */
@Timeout(30)
class ConnectionTest {

    private final EventHub hub = EventHub.builder().ringCapacity(32_768).build(); // nothing overwritten
    private final Housekeeper housekeeper = new Housekeeper("test-ws");
    private final FakeSession fake = new FakeSession();

    @AfterEach
    void close() {
        hub.close();
    }

    private Connection open(WebSocketSettings settings, Connection.Hooks hooks, String topic) {
        Connection c = new Connection(fake.session, hub, settings, housekeeper, 8, true, hooks);
        c.open(Map.of(topic, hub.window(topic).headId()), dev.ringcast.core.TypeFilter.all());
        return c;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private void completeAll(int expectedSends) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.sent().size() < expectedSends || !fake.pending.isEmpty()) {
            if (!fake.completeOne(true)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + fake.sent().size() + " of " + expectedSends + " frames were sent");
                }
                Thread.sleep(1);
            }
        }
    }

    @Test
    void sendsOneFrameAtATimeInOrderAndTheNextOnlyAfterTheCompletion() throws InterruptedException {
        open(WebSocketSettings.defaults(), Connection.Hooks.NONE, "a");
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            published.add(hub.publish("a", "e", i));
        }
        await(() -> fake.sent().size() == 1, "the first send");
        Thread.sleep(20);
        assertEquals(1, fake.sent().size(), "nothing more is sent while a send is in flight");

        completeAll(501);

        assertEquals(1, fake.maxInFlight);
        List<String> expected = new ArrayList<>();
        expected.add(WebSocketFrames.subscribed("a", published.get(0).id() - 1));
        published.forEach(e -> expected.add(e.frame(WebSocketFrames.EVENT)));
        assertEquals(expected, fake.sent());
    }

    @Test
    void completionsThatRunInsideSendTextDoNotRecurse() throws InterruptedException {
        fake.completeInline = true;
        open(WebSocketSettings.defaults(), Connection.Hooks.NONE, "a");
        for (int i = 0; i < 20_000; i++) {
            hub.publish("a", "e", i);
        }
        await(() -> fake.sent().size() == 20_001, "every frame"); // a recursion per frame would overflow the stack
        assertEquals(1, fake.maxInFlight);
    }

    @Test
    void parksTheSubscriptionWhileTheQueueIsFullAndResumesItWhenTheQueueEmpties() throws InterruptedException {
        open(WebSocketSettings.builder().sendQueueBytes(1024).build(), Connection.Hooks.NONE, "a");
        for (int i = 0; i < 3000; i++) {
            hub.publish("a", "e", "x".repeat(20));
        }
        await(() -> fake.sent().size() == 1, "the first send");
        Thread.sleep(50);
        long handedOver = hub.metrics().delivered();
        assertTrue(handedOver < 3000, "the hub stops at the full queue: " + handedOver + " of 3000 handed over");
        Thread.sleep(50);
        assertEquals(handedOver, hub.metrics().delivered(), "and stays parked while nothing completes");

        completeAll(3001);
        assertEquals(3000, hub.metrics().delivered());
    }

    @Test
    void reportsDeliveriesInSendOrderAndNeverForAFailedSend() throws InterruptedException {
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        Connection.Hooks hooks = new Connection.Hooks() {
            @Override
            public void delivered(Connection c, String topic, long id, boolean reset) {
                delivered.add(id);
            }
        };
        open(WebSocketSettings.defaults(), hooks, "a");
        Event e1 = hub.publish("a", "e", 1);
        Event e2 = hub.publish("a", "e", 2);
        await(() -> fake.sent().size() == 1, "the subscribed frame");
        assertTrue(fake.completeOne(true));
        await(() -> fake.sent().size() == 2, "the first event");
        assertTrue(fake.completeOne(true));
        await(() -> fake.sent().size() == 3, "the second event");
        assertTrue(fake.completeOne(false));

        assertEquals(List.of(e1.id()), delivered, "the failed send of " + e2.id() + " is not a delivery");
        await(() -> fake.closed != null, "the close");
        assertEquals(RingcastCloseCodes.SERVER_ERROR, fake.closed.getCloseCode().getCode());
        await(() -> hub.subscriptionCount() == 0, "the subscription to end");
    }

    @Test
    void aRefusalSendsTheErrorFrameThenClosesWith1008() throws InterruptedException {
        Connection c = new Connection(fake.session, hub, WebSocketSettings.defaults(), housekeeper, 8, true,
                Connection.Hooks.NONE);
        c.refuse(400, "lastEventId=x is invalid: use an integer");
        await(() -> fake.sent().size() == 1, "the error frame");
        Thread.sleep(20);
        assertEquals(null, fake.closed, "the close waits for the error frame's send");
        assertTrue(fake.completeOne(true));
        await(() -> fake.closed != null, "the close");
        assertEquals("{\"type\":\"error\",\"status\":400,\"error\":\"lastEventId=x is invalid: use an integer\"}",
                fake.sent().get(0));
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, fake.closed.getCloseCode().getCode());
        assertEquals("lastEventId=x is invalid: use an integer", fake.closed.getReasonPhrase());
        await(() -> housekeeper.users() == 0, "the housekeeper to be released");
    }

    @Test
    void aClosingHubClosesTheConnectionWith1001AfterWhatIsQueued() throws InterruptedException {
        fake.completeInline = true;
        open(WebSocketSettings.defaults(), Connection.Hooks.NONE, "a");
        hub.publish("a", "e", 1);
        await(() -> fake.sent().size() == 2, "the event");
        hub.close();
        await(() -> fake.closed != null, "the close");
        assertEquals(RingcastCloseCodes.GOING_AWAY, fake.closed.getCloseCode().getCode());
    }

    @Test
    void anUnsubscribeStopsTheTopicsFramesAtOnceAndASubscribeRightAfterStartsItAfresh() throws InterruptedException {
        fake.completeInline = true;
        Connection c = open(WebSocketSettings.defaults(), Connection.Hooks.NONE, "a");
        Event first = hub.publish("a", "e", 1);
        await(() -> fake.sent().size() == 2, "the first event");
        for (int i = 0; i < 200; i++) {
            hub.publish("a", "e", "more");
        }
        assertTrue(c.unsubscribe("a"));
        long head = hub.window("a").headId();
        assertEquals(Connection.SubscribeResult.SUBSCRIBED, c.subscribe("a", head));
        Event afterwards = hub.publish("a", "e", "afterwards");
        await(() -> fake.sent().contains(afterwards.frame(WebSocketFrames.EVENT)), "the event after the re-subscribe");

        List<String> sent = fake.sent();
        int unsubscribed = sent.indexOf(WebSocketFrames.unsubscribed("a"));
        int subscribed = sent.indexOf(WebSocketFrames.subscribed("a", head));
        assertTrue(unsubscribed > 0 && subscribed == unsubscribed + 1, "nothing of the topic between the two: " + sent);
        assertEquals(afterwards.frame(WebSocketFrames.EVENT), sent.get(subscribed + 1));
        assertEquals(sent.size(), subscribed + 2, "and nothing repeated");
        assertTrue(sent.contains(first.frame(WebSocketFrames.EVENT)));
    }

    @Test
    void anAuthorizerThatThrowsSendsAnErrorFrame500ThenClosesWith1011AndReleasesItsThreads() throws InterruptedException {
        WebSocketSettings throwing = WebSocketSettings.builder().authorizer(r -> {
            throw new IllegalStateException("token service down");
        }).build();
        String frame = "{\"type\":\"error\",\"status\":500,\"error\":\"the server failed to authorize this request: "
                + "try again later\"}";
        fake.completeInline = true;
        new TopicOpener(hub, throwing, housekeeper).open(fake.session);
        await(() -> fake.closed != null, "the close");
        assertEquals(List.of(frame), fake.sent(), "the error frame first, without the exception's message");
        assertEquals(RingcastCloseCodes.SERVER_ERROR, fake.closed.getCloseCode().getCode());
        await(() -> housekeeper.users() == 0, "the housekeeper to be released");

        FakeSession second = new FakeSession();
        second.completeInline = true;
        Connection c = new Connection(second.session, hub, throwing, housekeeper, 8, true, Connection.Hooks.NONE);
        second.receive("{\"action\":\"subscribe\",\"topic\":\"a\"}");
        await(() -> second.closed != null, "the close after the control message");
        assertEquals(List.of(frame), second.sent());
        assertEquals(RingcastCloseCodes.SERVER_ERROR, second.closed.getCloseCode().getCode());
        await(c::isEnded, "the connection to end");
        assertEquals(0, hub.subscriptionCount());
    }

    @Test
    void clipsACloseReasonToTheProtocols123Bytes() {
        assertEquals("short", Connection.clipReason("short"));
        String clipped = Connection.clipReason("é".repeat(100));
        assertTrue(clipped.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123, clipped);
        assertTrue(clipped.endsWith("..."));
    }
}
