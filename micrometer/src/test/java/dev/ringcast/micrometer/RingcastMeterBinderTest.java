package dev.ringcast.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RingcastMeterBinderTest {

    @Test
    void shouldPublishTheHubsCountersGaugesAndSampledLatency() throws Exception {
        try (EventHub hub = EventHub.builder().ringCapacity(16).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AtomicInteger sseStreams = new AtomicInteger(3);
            RingcastMeterBinder.builder(hub).connections("sse", sseStreams::get).build().bindTo(registry);

            long first = hub.publish("orders", "created", 1).id();
            for (int i = 0; i < 39; i++) {
                hub.publish("orders", "created", i);
            }
            CountDownLatch delivered = new CountDownLatch(48);
            EventSink sink = new EventSink() {
                @Override
                public boolean onEvents(Subscription s, List<Event> batch) {
                    batch.stream().filter(e -> e.type().equals("paid")).forEach(e -> delivered.countDown());
                    return true;
                }

                @Override
                public boolean onReset(Subscription s, Reset reset) {
                    return true;
                }

                @Override
                public void onClosed(Subscription s, CloseReason why) {
                }
            };
            Subscription s = hub.subscribe("orders", Position.after(first), sink); // 16 retained: a reset first
            for (int i = 0; i < 48; i++) {
                hub.publish("orders", "paid", i);
                Thread.sleep(1); // one event a batch, mostly, so stamped events open or close batches
            }
            assertTrue(delivered.await(10, TimeUnit.SECONDS), "paid events not delivered: " + delivered.getCount());
            s.cancel();
            Thread.sleep(RingcastMeterBinder.SNAPSHOT_MILLIS + 50);

            assertEquals(88, registry.get("ringcast.events.published").functionCounter().count());
            assertEquals(1, registry.get("ringcast.resets").tag("cause", "too_old").functionCounter().count());
            assertEquals(0, registry.get("ringcast.resets").tag("cause", "backlog").functionCounter().count());
            assertEquals(1, registry.get("ringcast.subscriptions.closed").tag("reason", "cancelled").functionCounter().count());
            assertEquals(1, registry.get("ringcast.topics").gauge().value());
            assertEquals(0, registry.get("ringcast.subscriptions").gauge().value());
            assertEquals(3, registry.get("ringcast.connections").tag("transport", "sse").gauge().value());
            assertTrue(registry.get("ringcast.retained").gauge().value() > 0);
            Timer latency = registry.get("ringcast.publish.to.write").timer();
            assertTrue(latency.count() >= 2, "sampled latencies: " + latency.count());
            assertTrue(latency.max(TimeUnit.SECONDS) < 10);
        }
    }
}
