package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** What a metrics binder reads: parked cursors, resets and closes by cause, sampled latencies. */
class MetricsTest {

    @Test
    void shouldCountParkedCursorsResetsByCauseAndClosesByKind() {
        try (EventHub hub = EventHub.builder().ringCapacity(4).dispatchThreads(1).build()) {
            long first = hub.publish("t", "x", 0).id();
            for (int i = 1; i < 10; i++) {
                hub.publish("t", "x", i);
            }
            RecordingSink sink = new RecordingSink();
            Subscription s = hub.subscribe(SubscriptionRequest.builder()
                    .topic("t", Position.after(first)).topic("u", Position.live()).build(), sink);
            assertEquals(Reset.Cause.TOO_OLD, sink.nextReset().cause());
            sink.nextEvents(4);
            awaitParked(hub, 2); // both topics, caught up
            s.cancel();
            assertEquals(CloseReason.Kind.CANCELLED, sink.nextClose().kind());

            HubMetrics m = hub.metrics();
            assertEquals(1L, m.resetsByCause().get(Reset.Cause.TOO_OLD));
            assertEquals(0L, m.resetsByCause().get(Reset.Cause.BACKLOG));
            assertEquals(1L, m.closesByKind().get(CloseReason.Kind.CANCELLED));
            assertEquals(0L, m.closesByKind().get(CloseReason.Kind.BACKLOG_LIMIT));
            assertEquals(CloseReason.Kind.values().length, m.closesByKind().size());
        }
    }

    @Test
    void shouldSampleOneEventInSixteenAndReportItsPublishToWriteLatency() {
        try (EventHub hub = EventHub.builder().dispatchThreads(1).build()) {
            ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
            LongConsumer recorder = samples::add;
            hub.addLatencyRecorder(recorder);
            RecordingSink sink = new RecordingSink();
            hub.subscribe("t", Position.live(), sink);
            awaitParked(hub, 1);
            int stamped = 0;
            for (int i = 0; i < 64; i++) {
                Event e = hub.publish("t", "x", i);
                stamped += e.sampledNanos() != 0 ? 1 : 0;
                sink.nextEvent(); // one event a batch: each is first and last of its batch
            }
            assertEquals(64 / Event.SAMPLE_EVERY, stamped);
            assertEquals(stamped, samples.size(), "one sample per stamped event delivered to the one subscriber");
            samples.forEach(nanos -> assertTrue(nanos >= 0 && nanos < 10_000_000_000L, "latency " + nanos));

            hub.removeLatencyRecorder(recorder);
            for (int i = 0; i < 32; i++) {
                hub.publish("t", "x", i);
                sink.nextEvent();
            }
            assertEquals(stamped, samples.size(), "no sample once the recorder is removed");
        }
    }

    @Test
    void shouldKeepDeliveringWhenALatencyRecorderThrows() {
        try (EventHub hub = EventHub.builder().dispatchThreads(1).build()) {
            hub.addLatencyRecorder(nanos -> {
                throw new IllegalStateException("a broken metrics registry");
            });
            RecordingSink sink = new RecordingSink();
            hub.subscribe("t", Position.live(), sink);
            awaitParked(hub, 1);
            for (int i = 0; i < 48; i++) {
                hub.publish("t", "x", i);
                sink.nextEvent();
            }
            assertEquals(0L, hub.metrics().sinkErrors());
            assertEquals(1, hub.subscriptionCount());
        }
    }

    private static void awaitParked(EventHub hub, long cursors) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (hub.metrics().parkedCursors() != cursors) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("parked cursors: " + hub.metrics().parkedCursors() + ", expected " + cursors);
            }
            Thread.onSpinWait();
        }
    }
}
