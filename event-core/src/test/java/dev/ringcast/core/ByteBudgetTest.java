package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Topics bounded by bytes, not only by events: what a subscriber is told when old events are dropped. */
class ByteBudgetTest {

    private static String blob(int bytes) {
        return "x".repeat(bytes - 2); // a JSON string of exactly `bytes` bytes with its quotes
    }

    @Test
    void aTopicOverItsByteBudgetDropsItsOldestEventsAndTellsReadersWhoNeededThem() {
        try (EventHub hub = EventHub.builder().topic("t", c -> c.withMaxBytes(3_000)).build()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(hub.publish("t", "e", blob(1_000)).id());
            }
            EventHub.TopicWindow w = hub.window("t");
            assertEquals(ids.get(7), w.oldestId(), "three events of 1,000 bytes fit in 3,000");
            assertTrue(hub.metrics().retainedBytes() <= 3_000, "retained " + hub.metrics().retainedBytes());
            RecordingSink late = new RecordingSink();
            hub.subscribe("t", Position.after(ids.get(2)), late);
            Reset reset = late.nextReset();
            assertEquals(Reset.Cause.TOO_OLD, reset.cause());
            assertEquals(ids.get(7), reset.oldestId());
            RecordingSink.assertIds(late.nextEvents(3), ids.get(7));
            late.assertQuiet();
        }
    }

    @Test
    void theNewestEventStaysEvenWhenItAloneIsOverTheBudget() {
        try (EventHub hub = EventHub.builder().topic("t", c -> c.withMaxBytes(100)).build()) {
            hub.publish("t", "e", blob(50));
            long big = hub.publish("t", "e", blob(500)).id();
            assertEquals(big, hub.window("t").oldestId());
            RecordingSink all = new RecordingSink();
            hub.subscribe("t", Position.oldest(), all);
            assertEquals(big, all.nextEvent().id());
        }
    }

    @Test
    void theHubsBudgetIsPaidByTheTopicThatPublishes() {
        try (EventHub hub = EventHub.builder().maxRetainedBytes(5_000).build()) {
            long kept = hub.publish("quiet", "e", blob(3_000)).id();
            List<Long> busy = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                busy.add(hub.publish("busy", "e", blob(1_000)).id());
            }
            assertEquals(kept, hub.window("quiet").oldestId(), "the quiet topic keeps its event");
            assertEquals(busy.get(3), hub.window("busy").oldestId(), "the busy topic drops its own oldest");
            assertTrue(hub.metrics().retainedBytes() <= 5_000, "retained " + hub.metrics().retainedBytes());
        }
    }

    @Test
    void publishersDroppingOldEventsWhileASubscriberReadsNeverLoseOneSilently() throws Exception {
        // Two publishers push 600-byte events into a topic that keeps at most 5 of them; a slow
        // subscriber keeps falling behind. Every gap it sees must be a reset that names where it
        // continues, and what it gets after a reset is in order with no repeat.
        try (EventHub hub = EventHub.builder().topic("t", c -> c.withMaxBytes(3_000)).dispatchThreads(2).build()) {
            AtomicReference<String> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(hub.window("t").headId());
            java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();
            hub.subscribe("t", Position.live(), new EventSink() {
                @Override
                public boolean onEvents(Subscription s, List<Event> events) {
                    for (Event e : events) {
                        if (e.id() != last.get() + 1) {
                            failure.compareAndSet(null, "got " + e.id() + " after " + last.get() + " without a reset");
                        }
                        last.set(e.id());
                    }
                    Thread.onSpinWait();
                    return true;
                }

                @Override
                public boolean onReset(Subscription s, Reset reset) {
                    resets.incrementAndGet();
                    if (reset.oldestId() <= last.get()) {
                        failure.compareAndSet(null, "reset to " + reset.oldestId() + " would repeat " + last.get());
                    }
                    last.set(reset.oldestId() - 1);
                    return true;
                }

                @Override
                public void onClosed(Subscription s, CloseReason reason) {
                }
            });
            Thread[] publishers = new Thread[2];
            for (int p = 0; p < publishers.length; p++) {
                publishers[p] = new Thread(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        hub.publish("t", "e", blob(600));
                    }
                });
                publishers[p].start();
            }
            for (Thread t : publishers) {
                t.join();
            }
            long head = hub.window("t").headId();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (last.get() < head && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertNull(failure.get());
            assertEquals(head, last.get(), "the subscriber reached the head");
            assertTrue(hub.metrics().retainedBytes() <= 3_000 + 2 * 600, "retained " + hub.metrics().retainedBytes());
            System.out.println("byte-budget stress: " + resets.get() + " resets for a subscriber behind 40,000 events");
        }
    }
}
