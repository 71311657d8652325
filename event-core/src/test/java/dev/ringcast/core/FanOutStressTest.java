package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 4 producer threads, 3 topics, 60 subscribers (single- and multi-topic, some joining late with a
 * resume id, some whose sink keeps answering "not ready" and is resumed later from another
 * thread): every subscriber gets every event of its topics exactly once, in per-topic order.
 */
class FanOutStressTest {

    private static final String[] TOPICS = {"alpha", "beta", "gamma"};
    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 15_000;

    /** Checks per-topic order and exactly-once as events arrive; never blocks. */
    private static final class CheckingSink implements EventSink {
        // Written only from the (serialized) sink callbacks; concurrent maps so the test thread can poll.
        final Map<String, Long> last = new ConcurrentHashMap<>();
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicBoolean inCall = new AtomicBoolean();
        final boolean flaky;
        final ScheduledExecutorService resumer;

        CheckingSink(Map<String, Long> startAfter, boolean flaky, ScheduledExecutorService resumer) {
            last.putAll(startAfter);
            this.flaky = flaky;
            this.resumer = resumer;
        }

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            if (!inCall.compareAndSet(false, true)) {
                failure.compareAndSet(null, "concurrent sink calls");
            }
            for (Event e : events) {
                Long prev = last.get(e.topic());
                if (prev == null) {
                    failure.compareAndSet(null, "event of an unsubscribed topic " + e.topic());
                } else if (e.id() != prev + 1) {
                    failure.compareAndSet(null, e.topic() + ": got " + e.id() + " after " + prev);
                }
                last.put(e.topic(), e.id());
                counts.merge(e.topic(), 1, Integer::sum);
            }
            inCall.set(false);
            if (flaky && ThreadLocalRandom.current().nextInt(4) == 0) {
                resumer.schedule(s::resume, ThreadLocalRandom.current().nextInt(200), TimeUnit.MICROSECONDS);
                return false;
            }
            return true;
        }

        @Override
        public boolean onReset(Subscription s, Reset reset) {
            failure.compareAndSet(null, "unexpected reset " + reset);
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
        }
    }

    @Test
    void everySubscriberGetsEveryEventOfItsTopicsExactlyOnceInOrder() throws Exception {
        ScheduledExecutorService resumer = Executors.newScheduledThreadPool(1);
        try (EventHub hub = EventHub.builder().ringCapacity(1 << 17).dispatchThreads(2).build()) {
            Map<String, Long> before = new HashMap<>();
            for (String t : TOPICS) {
                before.put(t, hub.window(t).headId());
            }
            List<CheckingSink> sinks = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                SubscriptionRequest.Builder req = SubscriptionRequest.builder();
                Map<String, Long> start = new HashMap<>();
                for (int k = 0; k < TOPICS.length; k++) {
                    if (i % 3 == k || i % 5 == 0) { // a third per topic, every fifth on all three
                        req.topic(TOPICS[k], Position.after(before.get(TOPICS[k])));
                        start.put(TOPICS[k], before.get(TOPICS[k]));
                    }
                }
                CheckingSink sink = new CheckingSink(start, i % 4 == 0, resumer);
                hub.subscribe(req.build(), sink);
                sinks.add(sink);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < EVENTS_PER_PRODUCER; i++) {
                        hub.publish(TOPICS[(i + producer) % TOPICS.length], "e", i);
                    }
                }, "producer-" + p);
                t.start();
                producers.add(t);
            }
            go.countDown();
            // Late joiners: resume mid-stream from the id they were "given" before the publishers began.
            for (int i = 0; i < 15; i++) {
                Thread.sleep(2);
                String topic = TOPICS[i % TOPICS.length];
                CheckingSink sink = new CheckingSink(Map.of(topic, before.get(topic)), i % 2 == 0, resumer);
                hub.subscribe(topic, Position.after(before.get(topic)), sink);
                sinks.add(sink);
            }
            for (Thread t : producers) {
                t.join();
            }
            Map<String, Integer> published = new HashMap<>();
            for (String t : TOPICS) {
                published.put(t, (int) (hub.window(t).headId() - before.get(t)));
            }
            assertEquals(PRODUCERS * EVENTS_PER_PRODUCER, published.values().stream().mapToInt(Integer::intValue).sum());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (CheckingSink sink : sinks) {
                for (String topic : sink.last.keySet()) {
                    long head = before.get(topic) + published.get(topic);
                    while (lastOf(sink, topic) < head && System.nanoTime() < deadline && sink.failure.get() == null) {
                        Thread.sleep(5);
                    }
                }
            }
            for (CheckingSink sink : sinks) {
                assertFalse(sink.failure.get() != null, sink.failure.get());
                for (String topic : sink.last.keySet()) {
                    assertEquals(published.get(topic), sink.counts.getOrDefault(topic, 0),
                            "events of " + topic + " delivered to one subscriber");
                }
            }
            assertTrue(hub.metrics().delivered() > 0);
            assertEquals(0, hub.metrics().resets());
        } finally {
            resumer.shutdownNow();
        }
    }

    private static long lastOf(CheckingSink sink, String topic) {
        return sink.last.get(topic);
    }
}
