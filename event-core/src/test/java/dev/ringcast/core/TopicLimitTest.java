package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TopicLimitTest {

    @Test
    void topicsThatHoldNothingAndHaveNoReaderAreEvictedToMakeRoom() throws Exception {
        try (EventHub hub = EventHub.builder().maxTopics(3).build()) {
            hub.window("looked-at-1"); // a reader named them; nobody published, nobody reads
            hub.window("looked-at-2");
            hub.window("looked-at-3");
            Thread.sleep(150); // evictions are at most one map walk per 100 ms
            hub.publish("new", "e", 1);
            assertTrue(hub.topicNames().contains("new"));
            assertTrue(hub.topicNames().size() <= 3, hub.topicNames().toString());
            assertTrue(hub.metrics().evictedTopics() >= 1);
        }
    }

    @Test
    void topicsWithEventsOrReadersStayAndANewOneIsRefusedSayingWhichLimitAndHowToRaiseIt() throws Exception {
        try (EventHub hub = EventHub.builder().maxTopics(2).build()) {
            long kept = hub.publish("has-events", "e", 1).id();
            RecordingSink reader = new RecordingSink();
            hub.subscribe("has-reader", Position.live(), reader);
            Thread.sleep(150);
            LimitExceededException e = assertThrows(LimitExceededException.class, () -> hub.publish("third", "e", 1));
            assertEquals(503, e.status());
            assertTrue(e.getMessage().contains("maxTopics") && e.getMessage().contains("2 topics"), e.getMessage());
            assertEquals(Set.of("has-events", "has-reader"), hub.topicNames());
            RecordingSink late = new RecordingSink();
            hub.subscribe("has-events", Position.after(0), late);
            assertEquals(kept, late.nextEvent().id(), "nothing published was lost");
            long live = hub.publish("has-reader", "e", 2).id();
            assertEquals(live, reader.nextEvent().id(), "the reader still reads its topic");
        }
    }

    @Test
    void aTopicWhoseLastReaderLeftIsEvictedAndItsReplacementServesNewReaders() throws Exception {
        try (EventHub hub = EventHub.builder().maxTopics(1).build()) {
            Subscription s = hub.subscribe("a", Position.live(), new RecordingSink());
            s.cancel();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (hub.subscriptionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(150);
            RecordingSink b = new RecordingSink();
            hub.subscribe("b", Position.live(), b); // evicts "a": no event, no reader left
            long id = hub.publish("b", "e", 1).id();
            assertEquals(id, b.nextEvent().id());
            assertEquals(Set.of("b"), hub.topicNames());
        }
    }

    @Test
    void publishersAndSubscribersRacingEvictionsLoseNothing() throws Exception {
        // Many short-lived topics near the limit: publishes land on topics being evicted. Every
        // event published after a reader subscribed must reach that reader.
        try (EventHub hub = EventHub.builder().maxTopics(4).dispatchThreads(2).build()) {
            int rounds = 60;
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String topic = "t" + (round % 8);
                CountingSink sink = new CountingSink();
                Subscription s;
                try {
                    s = hub.subscribe(topic, Position.live(), sink);
                } catch (LimitExceededException full) {
                    Thread.sleep(101);
                    continue;
                }
                AtomicBoolean stop = new AtomicBoolean();
                Thread churn = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        try {
                            hub.window("churn" + (i++ % 16)); // creates and evicts idle topics
                        } catch (LimitExceededException full) {
                            Thread.onSpinWait();
                        }
                    }
                });
                churn.start();
                int published = 0;
                for (int i = 0; i < 20; i++) {
                    hub.publish(topic, "e", i);
                    published++;
                }
                stop.set(true);
                churn.join();
                if (!sink.await(published)) {
                    failures.add("round " + round + ": " + sink.count() + " of " + published);
                }
                s.cancel();
            }
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    private static final class CountingSink extends EventsOnlySink {
        private final Set<Long> ids = ConcurrentHashMap.newKeySet();
        private final CountDownLatch twenty = new CountDownLatch(20);

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            for (Event e : events) {
                if (ids.add(e.id())) {
                    twenty.countDown();
                }
            }
            return true;
        }

        boolean await(int n) throws InterruptedException {
            return twenty.await(5, TimeUnit.SECONDS) && ids.size() == n;
        }

        int count() {
            return ids.size();
        }
    }

    @Test
    void aHubWithoutAFullTopicTableNeverEvicts() {
        try (EventHub hub = EventHub.builder().build()) {
            hub.window("idle");
            hub.publish("other", "e", 1);
            assertTrue(hub.topicNames().contains("idle"));
            assertFalse(hub.metrics().evictedTopics() > 0);
        }
    }
}
