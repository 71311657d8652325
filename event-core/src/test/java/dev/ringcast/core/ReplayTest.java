package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private EventHub hub = EventHub.builder().ringCapacity(16).dispatchThreads(2).build();

    @AfterEach
    void close() {
        hub.close();
    }

    private List<Long> publish(String topic, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(hub.publish(topic, "tick", Map.of("n", i)).id());
        }
        return ids;
    }

    @Test
    void shouldDeliverLiveEventsInOrderWithTheirIds() {
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.live(), sink);
        List<Long> ids = publish("orders", 3);
        List<Event> got = sink.nextEvents(3);
        assertEquals(ids, got.stream().map(Event::id).toList());
        assertEquals("{\"n\":2}", got.get(2).dataJson());
        assertEquals("tick", got.get(0).type());
        assertEquals("orders", got.get(0).topic());
        sink.assertQuiet();
    }

    @Test
    void shouldResumeAfterAMiddleIdWithEveryLaterEventExactlyOnce() {
        List<Long> ids = publish("orders", 10);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.after(ids.get(4)), sink);
        List<Event> replayed = sink.nextEvents(5);
        RecordingSink.assertIds(replayed, ids.get(5));
        long live = hub.publish("orders", "tick", "live").id();
        assertEquals(live, sink.nextEvent().id(), "live events follow the replay");
        sink.assertQuiet();
    }

    @Test
    void shouldReplayTheWholeWindowFromOldest() {
        List<Long> ids = publish("orders", 20);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.oldest(), sink);
        RecordingSink.assertIds(sink.nextEvents(16), ids.get(4));
        sink.assertQuiet();
    }

    @Test
    void shouldNotLoseOrRepeatAnEventPublishedWhileTheReplayRuns() throws Exception {
        // The classic race: events keep arriving while a subscriber replays. Replay and live are
        // one cursor over the ring here, so the hand-over must be seamless every time.
        EventHub big = EventHub.builder().ringCapacity(1 << 16).maxBatch(7).dispatchThreads(2).build();
        try {
            long first = big.publish("race", "e", 0).id();
            AtomicBoolean run = new AtomicBoolean(true);
            Thread publisher = new Thread(() -> {
                for (int i = 1; i < 20_000 && run.get(); i++) {
                    big.publish("race", "e", i);
                }
            });
            publisher.start();
            List<RecordingSink> sinks = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                RecordingSink sink = new RecordingSink();
                big.subscribe("race", Position.after(first), sink);
                sinks.add(sink);
                Thread.onSpinWait();
            }
            publisher.join();
            long head = big.window("race").headId();
            for (RecordingSink sink : sinks) {
                long expected = first + 1;
                while (expected <= head) {
                    assertEquals(expected, sink.nextEvent().id(), "gap or duplicate at the replay/live hand-over");
                    expected++;
                }
                sink.assertNoOverlap();
            }
            sinks.get(0).assertQuiet();
        } finally {
            big.close();
        }
    }

    @Test
    void shouldSignalResetWhenTheIdIsOlderThanTheWindow() {
        List<Long> ids = publish("orders", 40);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.after(ids.get(2)), sink);
        Reset reset = sink.nextReset();
        assertEquals(ids.get(2), reset.requestedId());
        assertEquals(ids.get(24), reset.oldestId(), "the oldest of the 16 retained");
        assertEquals(Reset.Cause.TOO_OLD, reset.cause());
        assertEquals("orders", reset.topic());
        RecordingSink.assertIds(sink.nextEvents(16), ids.get(24));
        sink.assertQuiet();
        assertEquals(1, hub.metrics().resets());
    }

    @Test
    void shouldSignalResetWhenTheIdIsFromAnEarlierIncarnation() {
        // The first hub stands for the JVM before a restart; the second for the one after it.
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        long oldCursor;
        try (EventHub before = EventHub.builder().clock(InstantSource.fixed(t0)).build()) {
            before.publish("orders", "e", 1);
            oldCursor = before.publish("orders", "e", 2).id();
        }
        try (EventHub after = EventHub.builder().clock(InstantSource.fixed(t0.plusSeconds(5))).build()) {
            long first = after.publish("orders", "e", "new-1").id();
            after.publish("orders", "e", "new-2");
            assertTrue(first > oldCursor + 1, "a later incarnation's ids start above the earlier ones");
            RecordingSink sink = new RecordingSink();
            after.subscribe("orders", Position.after(oldCursor), sink);
            Reset reset = sink.nextReset();
            assertEquals(Reset.Cause.UNKNOWN_ID, reset.cause());
            assertEquals(oldCursor, reset.requestedId());
            assertEquals(first, reset.oldestId());
            assertEquals("\"new-1\"", sink.nextEvent().dataJson(), "no event of the new incarnation is skipped");
            assertEquals("\"new-2\"", sink.nextEvent().dataJson());
        }
    }

    @Test
    void shouldSignalResetWhenTheIdIsAboveTheHead() {
        List<Long> ids = publish("orders", 3);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.after(ids.get(2) + 1000), sink);
        Reset reset = sink.nextReset();
        assertEquals(Reset.Cause.UNKNOWN_ID, reset.cause());
        assertEquals(ids.get(0), reset.oldestId());
        RecordingSink.assertIds(sink.nextEvents(3), ids.get(0));
    }

    @Test
    void shouldDeliverOnlyTheRequestedTypesAndMovePastTheOthers() {
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(SubscriptionRequest.builder().topic("t").types("keep").build(), sink);
        hub.publish("t", "drop", 1);
        long kept = hub.publish("t", "keep", 2).id();
        long last = hub.publish("t", "drop", 3).id();
        assertEquals(kept, sink.nextEvent().id());
        sink.assertQuiet();
        assertEquals(last, s.lastId("t"), "the cursor passes filtered events, so a resume does not replay them");
    }

    @Test
    void shouldCarrySeveralTopicsOnOneSubscriptionEachInOrder() {
        RecordingSink sink = new RecordingSink();
        hub.publish("b", "e", "b-before");
        long bFirst = hub.window("b").headId();
        Subscription s = hub.subscribe(SubscriptionRequest.builder()
                .topic("a", Position.live()).topic("b", Position.after(bFirst - 1)).build(), sink);
        hub.publish("a", "e", "a1");
        hub.publish("b", "e", "b1");
        hub.publish("a", "e", "a2");
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Event e : sink.nextEvents(4)) {
            (e.topic().equals("a") ? a : b).add(e.dataJson());
        }
        assertEquals(List.of("\"a1\"", "\"a2\""), a);
        assertEquals(List.of("\"b-before\"", "\"b1\""), b);
        assertEquals(List.of("a", "b"), s.topics());
        sink.assertNoOverlap();
    }

    @Test
    void shouldReplayEverythingAfterZeroWithoutAResetWhileNothingWasOverwritten() {
        List<Long> ids = publish("orders", 5);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.after(0), sink);
        RecordingSink.assertIds(sink.nextEvents(5), ids.get(0));
        sink.assertQuiet();
        assertEquals(0, hub.metrics().resets(), "0 means 'I have seen nothing': no reset while nothing is gone");
    }

    @Test
    void shouldResetAfterZeroOnceSomethingWasOverwritten() {
        List<Long> ids = publish("orders", 20);
        RecordingSink sink = new RecordingSink();
        hub.subscribe("orders", Position.after(0), sink);
        Reset reset = sink.nextReset();
        assertEquals(0, reset.requestedId());
        assertEquals(ids.get(4), reset.oldestId(), "the oldest of the 16 retained");
        assertEquals(Reset.Cause.TOO_OLD, reset.cause());
        RecordingSink.assertIds(sink.nextEvents(16), ids.get(4));
        sink.assertQuiet();
    }

    @Test
    void shouldSignalOneResetNotAStormWhenTheRingOvertakesACursorAgainWhileItCatchesUp() {
        List<Long> ids = publish("orders", 40);
        // Each reset makes the sink publish one more event: the write into the slot the cursor
        // was moved to. A cursor moved to just before the oldest slot is overtaken again at once.
        java.util.concurrent.atomic.AtomicInteger publishedInReset = new java.util.concurrent.atomic.AtomicInteger();
        RecordingSink sink = new RecordingSink() {
            @Override
            public boolean onReset(Subscription s, Reset reset) {
                boolean ready = super.onReset(s, reset);
                if (publishedInReset.getAndIncrement() < 5) {
                    hub.publish("orders", "tick", Map.of("n", "late"));
                }
                return ready;
            }
        };
        hub.subscribe("orders", Position.after(ids.get(0)), sink);
        Reset reset = sink.nextReset();
        assertEquals(ids.get(0), reset.requestedId());
        assertEquals(Reset.Cause.TOO_OLD, reset.cause());
        Event first = sink.nextEvent();
        assertEquals(reset.oldestId(), first.id(), "the reset names the id the stream really continues from");
        long last = first.id();
        long head = ids.get(39) + 1; // the one event the single reset published
        while (last < head) {
            Event e = sink.nextEvent();
            assertEquals(last + 1, e.id(), "after the reset, every event in order");
            last = e.id();
        }
        sink.assertQuiet();
        assertEquals(1, publishedInReset.get(), "one reset, not a storm of them");
    }
}
