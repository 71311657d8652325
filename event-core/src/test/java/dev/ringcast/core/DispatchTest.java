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
        EventSink stuck = new EventsOnlySink() {
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
            hub.subscribe("t", Position.live(), new EventsOnlySink() {
                @Override
                public boolean onEvents(Subscription s, List<Event> events) {
                    for (Event e : events) {
                        assertEquals("data: 7\n\n", e.frame(format));
                    }
                    got.countDown();
                    return true;
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

    @Test
    void shouldKeepServingAMultiTopicSubscriptionPastTwoToTheThirtyOneDrains() throws Exception {
        hub = EventHub.builder().build();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(SubscriptionRequest.builder().topic("a", Position.live())
                .topic("b", Position.live()).topic("c", Position.live()).build(), sink);
        long first = hub.publish("a", "e", 0).id();
        assertEquals(first, sink.nextEvent().id());
        // Stand in for 2^31 drains: the drain's round-robin counter at its largest value.
        java.lang.reflect.Field rotation = s.getClass().getDeclaredField("rotation");
        rotation.setAccessible(true);
        rotation.setInt(s, Integer.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            assertEquals(first + i, hub.publish("a", "e", i).id());
            assertEquals(first + i, sink.nextEvent().id(), "drain " + i + " after the counter's largest value");
        }
        assertTrue(!s.isClosed(), "the subscription is still open");
        assertEquals(0, hub.metrics().sinkErrors());
    }

    @Test
    void shouldBoundTheDataOfOneBatchSoAStalledClientPinsLittle() {
        hub = EventHub.builder().maxBatchBytes(250_000).maxDataBytes(400_000).build();
        List<Integer> sizes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RecordingSink sink = new RecordingSink() {
            @Override
            public boolean onEvents(Subscription s, List<Event> events) {
                sizes.add(events.size());
                return super.onEvents(s, events);
            }
        };
        hub.subscribe("t", Position.live(), sink);
        sink.stall();
        String big = "x".repeat(100_000);
        long first = hub.publish("t", "big", big).id();
        assertEquals(first, sink.nextEvent().id());
        for (int i = 0; i < 5; i++) {
            hub.publish("t", "big", big);
        }
        hub.publish("t", "huge", "y".repeat(300_000));
        hub.publish("t", "small", 1);
        sink.assertQuiet();
        sink.unstall();
        RecordingSink.assertIds(sink.nextEvents(7), first + 1);
        // 5 events of 100 KB in batches of at most 250 KB: 2, 2, 1; then the 300 KB one alone (an
        // event larger than the bound still goes, in a batch of its own), then the small one.
        assertEquals(List.of(1, 2, 2, 1, 1, 1), sizes);
    }

    @Test
    void shouldCloseASubscriptionWhoseEventLogFailsInsteadOfLeavingItHung() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        dev.ringcast.core.log.EventLogFactory ring = dev.ringcast.core.internal.RingLog.factory(java.time.InstantSource.system());
        hub = EventHub.builder().eventLog((topic, config, onAppend) -> {
            dev.ringcast.core.log.EventLog log = ring.open(topic, config, onAppend);
            return new dev.ringcast.core.log.EventLog() {
                public String topic() { return log.topic(); }
                public Event append(String type, byte[] data, long ts) { return log.append(type, data, ts); }
                public int read(long after, int max, List<? super Event> out) { return log.read(after, max, out); }
                public boolean hasReadableAfter(long after) {
                    if (failing.get() && log.topic().equals("t")) {
                        throw new IllegalStateException("the log's store is unreachable");
                    }
                    return log.hasReadableAfter(after);
                }
                public long headId() { return log.headId(); }
                public long oldestId() { return log.oldestId(); }
                public long countAfter(long after) { return log.countAfter(after); }
                public void close() { log.close(); }
            };
        }).build();
        RecordingSink sink = new RecordingSink();
        hub.subscribe("t", Position.live(), sink);
        hub.publish("t", "e", 1);
        sink.nextEvent();
        failing.set(true);
        hub.publish("t", "e", 2);
        RecordingSink.Callback c;
        while (!((c = sink.next()) instanceof RecordingSink.Closed)) {
            assertTrue(c instanceof RecordingSink.Delivered, "events, then the close: " + c);
        }
        CloseReason reason = ((RecordingSink.Closed) c).reason();
        assertEquals(CloseReason.Kind.FAILED, reason.kind(), reason.toString());
        assertTrue(reason.message().contains("unreachable"), reason.message());
        assertEquals(0, hub.subscriptionCount(), "the failed subscription is gone, not hung in RUNNING");
        RecordingSink other = new RecordingSink();
        hub.subscribe("u", Position.live(), other);
        hub.publish("u", "e", 3);
        assertEquals(3, Integer.parseInt(other.nextEvent().dataJson()), "the hub keeps serving");
    }
}
