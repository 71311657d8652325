package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchTest {

    private EventHub hub;

    @AfterEach
    void close() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void shouldHoldBackEventsWhileTheSinkIsNotReadyAndSendThemAsOneBatchOnResume() {
        hub = EventHub.builder().ringCapacity(64).build();
        RecordingSink sink = new RecordingSink();
        hub.subscribe("t", Position.live(), sink);
        sink.stall();
        long first = hub.publish("t", "e", 0).id();
        assertEquals(first, sink.nextEvent().id(), "the batch in hand is still delivered");
        for (int i = 1; i <= 10; i++) {
            hub.publish("t", "e", i);
        }
        sink.assertQuiet();
        int batchesBefore = sink.batches.get();
        sink.unstall();
        RecordingSink.assertIds(sink.nextEvents(10), first + 1);
        assertEquals(batchesBefore + 1, sink.batches.get(), "the backlog arrives in one batch: one write, one flush");
    }

    @Test
    void shouldNeverLetASlowSubscriberBlockThePublisherOrOthers() throws InterruptedException {
        hub = EventHub.builder().ringCapacity(8192).dispatchThreads(1).build();
        CountDownLatch release = new CountDownLatch(1);
        EventSink stuck = new EventSink() {
            @Override
            public boolean onEvents(Subscription s, List<Event> events) {
                return false; // full buffer, never resumed
            }

            @Override
            public boolean onReset(Subscription s, Reset reset) {
                return false;
            }

            @Override
            public void onClosed(Subscription s, CloseReason reason) {
                release.countDown();
            }
        };
        hub.subscribe("t", Position.live(), stuck);
        RecordingSink healthy = new RecordingSink();
        hub.subscribe("t", Position.live(), healthy);
        long first = hub.publish("t", "e", 0).id();
        for (int i = 1; i < 5000; i++) {
            hub.publish("t", "e", i); // 5x the ring: the stuck one must cost nothing
        }
        long expected = first;
        while (expected < first + 5000) {
            Event e = healthy.nextEvent();
            if (e.id() != expected) {
                throw new AssertionError("healthy subscriber saw " + e.id() + " expecting " + expected);
            }
            expected++;
        }
        hub.close();
        assertTrue(release.await(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldSkipAheadWithAResetWhenTheBacklogPassesItsLimitUnderTheResetPolicy() {
        hub = EventHub.builder()
                .topic("slow", c -> c.withRingCapacity(64).withBacklogLimit(8).withBacklogPolicy(BacklogPolicy.RESET))
                .build();
        RecordingSink sink = new RecordingSink();
        hub.subscribe("slow", Position.live(), sink);
        sink.stall();
        long first = hub.publish("slow", "e", 0).id();
        assertEquals(first, sink.nextEvent().id());
        for (int i = 1; i <= 20; i++) {
            hub.publish("slow", "e", i);
        }
        sink.unstall();
        Reset reset = sink.nextReset();
        assertEquals(Reset.Cause.BACKLOG, reset.cause());
        assertEquals(first, reset.requestedId());
        assertEquals(first + 20, reset.oldestId(), "skips to the newest event");
        assertEquals(first + 20, sink.nextEvent().id());
        sink.assertQuiet();
        assertEquals(1, hub.metrics().backlogResets());
    }

    @Test
    void shouldCloseWithTheCursorKeptWhenTheBacklogPassesItsLimitUnderTheClosePolicy() {
        hub = EventHub.builder()
                .topic("slow", c -> c.withRingCapacity(64).withBacklogLimit(8).withBacklogPolicy(BacklogPolicy.CLOSE))
                .build();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe("slow", Position.live(), sink);
        sink.stall();
        long first = hub.publish("slow", "e", 0).id();
        assertEquals(first, sink.nextEvent().id());
        for (int i = 1; i <= 20; i++) {
            hub.publish("slow", "e", i);
        }
        sink.unstall();
        CloseReason reason = sink.nextClose();
        assertEquals(CloseReason.Kind.BACKLOG_LIMIT, reason.kind());
        assertTrue(reason.message().contains("backlog limit of 8"), reason.message());
        assertEquals(first, s.lastId("slow"), "the client resumes from what it really got");
        assertEquals(0, hub.subscriptionCount());
        assertEquals(1, hub.metrics().backlogCloses());
    }

    @Test
    void shouldCloseASubscriberThatThrowsAndKeepServingTheOthers() {
        hub = EventHub.builder().build();
        RuntimeException boom = new IllegalStateException("boom");
        AtomicInteger closes = new AtomicInteger();
        CloseReason[] seen = new CloseReason[1];
        hub.subscribe("t", Position.live(), new EventSink() {
            @Override
            public boolean onEvents(Subscription s, List<Event> events) {
                throw boom;
            }

            @Override
            public boolean onReset(Subscription s, Reset reset) {
                return true;
            }

            @Override
            public void onClosed(Subscription s, CloseReason reason) {
                seen[0] = reason;
                closes.incrementAndGet();
            }
        });
        RecordingSink healthy = new RecordingSink();
        hub.subscribe("t", Position.live(), healthy);
        long a = hub.publish("t", "e", 1).id();
        long b = hub.publish("t", "e", 2).id();
        assertEquals(a, healthy.nextEvent().id());
        assertEquals(b, healthy.nextEvent().id());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closes.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, closes.get());
        assertEquals(CloseReason.Kind.SINK_ERROR, seen[0].kind());
        assertSame(boom, seen[0].error());
        assertEquals(1, hub.metrics().sinkErrors());
        assertEquals(1, hub.subscriptionCount());
    }

    @Test
    void shouldEncodeEachWireFrameOncePerEventWhateverTheSubscriberCount() {
        hub = EventHub.builder().build();
        AtomicInteger encodes = new AtomicInteger();
        FrameFormat<String> format = e -> {
            encodes.incrementAndGet();
            return "data: " + e.dataJson() + "\n\n";
        };
        int subscribers = 50;
        CountDownLatch got = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            hub.subscribe("t", Position.live(), new EventSink() {
                @Override
                public boolean onEvents(Subscription s, List<Event> events) {
                    for (Event e : events) {
                        assertEquals("data: 7\n\n", e.frame(format));
                    }
                    got.countDown();
                    return true;
                }

                @Override
                public boolean onReset(Subscription s, Reset reset) {
                    return true;
                }

                @Override
                public void onClosed(Subscription s, CloseReason reason) {
                }
            });
        }
        hub.publish("t", "e", 7);
        try {
            assertTrue(got.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(encodes.get() <= 2, "encoded " + encodes.get() + " times for " + subscribers + " subscribers");
    }

    @Test
    void shouldGiveASlowSubscriberOnlyTheLatestEventPerKeyOnACoalescingTopic() {
        hub = EventHub.builder()
                .topic("activity", c -> c.withCoalescing(e -> e.type().equals("progress") ? e.dataJson().split(":")[0] : null))
                .build();
        RecordingSink slow = new RecordingSink();
        Subscription s = hub.subscribe("activity", Position.live(), slow);
        slow.stall();
        hub.publishJson("activity", "started", "\"a\"");
        assertEquals("\"a\"", slow.nextEvent().dataJson());
        long last = 0;
        for (int pct = 10; pct <= 50; pct += 10) {
            hub.publishJson("activity", "progress", "\"a:" + pct + "\"");
            last = hub.publishJson("activity", "progress", "\"b:" + pct / 10 + "\"").id();
        }
        hub.publishJson("activity", "ended", "\"b\"");
        slow.unstall();
        assertEquals(List.of("\"a:50\"", "\"b:5\"", "\"b\""),
                slow.nextEvents(3).stream().map(Event::dataJson).toList(), "the latest per key, in order, and the rest");
        slow.assertQuiet();
        assertEquals(last + 1, s.lastId("activity"), "the skipped events are passed, not replayed later");
        assertEquals(8, hub.metrics().coalesced());
    }

    @Test
    void shouldDeliverEveryEventOfACoalescingTopicToASubscriberThatKeepsUp() {
        hub = EventHub.builder().topic("activity", c -> c.withCoalescing(e -> "same")).build();
        RecordingSink sink = new RecordingSink();
        hub.subscribe("activity", Position.live(), sink);
        for (int pct = 0; pct <= 100; pct += 25) {
            hub.publish("activity", "progress", pct);
            assertEquals(Integer.toString(pct), sink.nextEvent().dataJson());
        }
        assertEquals(0, hub.metrics().coalesced());
    }

    @Test
    void shouldCountPublishedAndDeliveredEvents() {
        hub = EventHub.builder().build();
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        hub.subscribe("t", Position.live(), a);
        hub.subscribe("t", Position.live(), b);
        hub.publish("t", "e", 1);
        hub.publish("t", "e", 2);
        a.nextEvents(2);
        b.nextEvents(2);
        HubMetrics m = hub.metrics();
        assertEquals(2, m.published());
        assertEquals(4, m.delivered());
        assertEquals(1, m.topics());
        assertEquals(2, m.subscriptions());
    }
}
