package dev.ringcast.benchmarks.jmh;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The publisher's own cost with 0, 1,000 and 10,000 subscribers attached to the topic and
 * caught up (parked between events). The core never iterates subscribers on publish, so this
 * must stay flat: the wake-up of parked subscriptions is one scheduled task, run on a dispatch
 * thread, not on the publisher.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PublishCostBenchmark {

    static final byte[] DATA = "{\"price\":101.25}".getBytes(StandardCharsets.UTF_8);

    @Param({"0", "1000", "10000"})
    public int subscribers;

    private EventHub hub;
    final AtomicLong delivered = new AtomicLong();

    static final class CountingSink implements EventSink {
        private final AtomicLong delivered;

        CountingSink(AtomicLong delivered) {
            this.delivered = delivered;
        }

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            delivered.getAndAdd(events.size());
            return true;
        }

        @Override
        public boolean onReset(Subscription s, Reset reset) {
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        hub = EventHub.builder().ringCapacity(1 << 16).dispatchThreads(1).build();
        CountingSink sink = new CountingSink(delivered);
        for (int i = 0; i < subscribers; i++) {
            hub.subscribe("prices", Position.live(), sink);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hub.close();
    }

    @Benchmark
    public Event publish() {
        return hub.publishJson("prices", "tick", DATA);
    }
}
