package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topics added to and removed from a live subscription, as WebSocket control messages do. */
class DynamicTopicsTest {

    private final EventHub hub = EventHub.builder().build();

    @AfterEach
    void close() {
        hub.close();
    }

    private static void awaitTopics(Subscription s, List<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!s.topics().equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, s.topics());
    }

    @Test
    void anAddedTopicReplaysFromItsPositionThenGoesLive() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe("a", Position.live(), sink);
        long b1 = hub.publish("b", "e", "b1").id();
        hub.publish("b", "e", "b2");
        s.addTopic("b", Position.after(b1));
        assertEquals("\"b2\"", sink.nextEvent().dataJson(), "replays after the given id");
        awaitTopics(s, List.of("a", "b"));
        hub.publish("b", "e", "b3");
        hub.publish("a", "e", "a1");
        List<String> got = sink.nextEvents(2).stream().map(Event::dataJson).sorted().toList();
        assertEquals(List.of("\"a1\"", "\"b3\""), got);
        sink.assertNoOverlap();
    }

    @Test
    void aRemovedTopicStopsWhileTheOthersGoOn() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(SubscriptionRequest.builder().topic("a").topic("b").build(), sink);
        s.removeTopic("a");
        awaitTopics(s, List.of("b"));
        hub.publish("a", "e", "a1");
        hub.publish("b", "e", "b1");
        assertEquals("\"b1\"", sink.nextEvent().dataJson());
        sink.assertQuiet();
        assertThrows(IllegalArgumentException.class, () -> s.lastId("a"));
    }

    @Test
    void aRemovalCompletesOnceTheTopicIsGoneAndNothingOfItIsInTheSink() throws Exception {
        java.util.concurrent.CountDownLatch inSink = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public boolean onEvents(Subscription sub, List<Event> events) {
                inSink.countDown();
                try {
                    release.await(); // a slow client: the sink holds a batch of "a"
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.onEvents(sub, events);
            }
        };
        Subscription s = hub.subscribe(SubscriptionRequest.builder().topic("a").topic("b").build(), sink);
        hub.publish("a", "e", "a1");
        assertEquals(true, inSink.await(5, java.util.concurrent.TimeUnit.SECONDS));
        java.util.concurrent.CompletableFuture<Void> removed = s.removeTopic("a").toCompletableFuture();
        Thread.sleep(50);
        assertEquals(false, removed.isDone(), "not done while a batch of the topic is in the sink");
        release.countDown();
        removed.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("b"), s.topics(), "done: the topic is gone");
        assertEquals("\"a1\"", sink.nextEvent().dataJson());
        hub.publish("a", "e", "a2");
        hub.publish("b", "e", "b1");
        assertEquals("\"b1\"", sink.nextEvent().dataJson());
        sink.assertQuiet();

        s.cancel();
        s.removeTopic("b").toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aSubscriptionLeftWithNoTopicWaitsAndCanTakeOneAgain() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe("a", Position.live(), sink);
        s.removeTopic("a");
        awaitTopics(s, List.of());
        hub.publish("a", "e", "ignored");
        sink.assertQuiet();
        s.addTopic("a", Position.live());
        awaitTopics(s, List.of("a"));
        hub.publish("a", "e", "back");
        assertEquals("\"back\"", sink.nextEvent().dataJson());
    }

    @Test
    void addingATopicTwiceOrAnInvalidNameIsHandled() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe("a", Position.live(), sink);
        s.addTopic("a", Position.oldest());
        hub.publish("a", "e", 1);
        assertEquals("1", sink.nextEvent().dataJson());
        sink.assertQuiet();
        assertEquals(List.of("a"), s.topics());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addTopic("a b", Position.live()));
        assertEquals("topic \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]", e.getMessage());
    }
}
