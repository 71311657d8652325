package dev.ringcast.benchmarks.jmh;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One publisher, S in-memory subscribers. The primary score is events published per second; the
 * {@code deliveries} counter is events handed to subscribers per second, and {@code drops} the
 * events a subscriber skipped (Ringcast: lapped by the ring and told so by a reset; the peers
 * never drop, they make the publisher wait or grow memory). Peers, each with one delivering
 * thread beside the publisher (this is a 2-core machine) except the Disruptor, which needs a
 * thread per consumer and runs only for S &lt;= 16:
 * <ul>
 *   <li>{@code ringcast}: an EventHub with one dispatch thread, ring of 65,536;</li>
 *   <li>{@code submission-publisher}: the JDK's Flow {@link SubmissionPublisher} on one thread,
 *       buffer 1,024 per subscriber (its publisher blocks when a buffer is full);</li>
 *   <li>{@code broadcaster}: the hand-rolled kind: a {@link CopyOnWriteArrayList} of per-subscriber
 *       queues, each drained by a task on a one-thread pool when it becomes non-empty;</li>
 *   <li>{@code disruptor}: LMAX Disruptor 4, one handler thread per consumer, blocking wait.</li>
 * </ul>
 * Each subscriber counts into its own single-writer counter, so no implementation pays for a
 * shared counter the others do not.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FanOutThroughputBenchmark {

    static final byte[] DATA = "{\"price\":101.25}".getBytes(StandardCharsets.UTF_8);

    @Param({"1", "16", "256", "4096", "10000"})
    public int subscribers;

    @Param({"ringcast", "submission-publisher", "broadcaster"})
    public String impl;

    /** A fan-out under test. */
    interface FanOut {
        void publish();

        long delivered();

        long dropped();

        void close();
    }

    /** One subscriber's count; written by one thread at a time, read by the benchmark thread. */
    static final class Counter {
        final AtomicLong n = new AtomicLong();

        void add(long k) {
            n.lazySet(n.get() + k);
        }
    }

    static long sum(List<Counter> counters) {
        long total = 0;
        for (Counter c : counters) {
            total += c.n.get();
        }
        return total;
    }

    FanOut fanOut;

    @Setup(Level.Trial)
    public void setup() {
        fanOut = switch (impl) {
            case "ringcast" -> new RingcastFanOut(subscribers);
            case "submission-publisher" -> new FlowFanOut(subscribers);
            case "broadcaster" -> new BroadcasterFanOut(subscribers);
            case "disruptor" -> {
                if (subscribers > 16) {
                    throw new IllegalStateException("the Disruptor needs a thread per consumer: run it with S <= 16");
                }
                yield new DisruptorFanOut(subscribers);
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fanOut.close();
    }

    /** Deliveries and drops per second, beside the publish rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Deliveries {
        public long deliveries;
        public long drops;
        long baseDelivered;
        long baseDropped;
        int calls;

        @Setup(Level.Iteration)
        public void start(FanOutThroughputBenchmark b) {
            baseDelivered = b.fanOut.delivered();
            baseDropped = b.fanOut.dropped();
            deliveries = 0;
            drops = 0;
        }

        void refresh(FanOutThroughputBenchmark b) {
            deliveries = b.fanOut.delivered() - baseDelivered;
            drops = b.fanOut.dropped() - baseDropped;
        }

        @TearDown(Level.Iteration)
        public void end(FanOutThroughputBenchmark b) {
            refresh(b);
        }
    }

    @Benchmark
    public void publish(Deliveries d) {
        fanOut.publish();
        if ((++d.calls & 1023) == 0) {
            d.refresh(this);
        }
    }

    static final class RingcastFanOut implements FanOut {
        final EventHub hub = EventHub.builder().ringCapacity(1 << 16).dispatchThreads(1).build();
        final List<Counter> counters = new ArrayList<>();
        final AtomicLong dropped = new AtomicLong();

        RingcastFanOut(int n) {
            for (int i = 0; i < n; i++) {
                Counter c = new Counter();
                counters.add(c);
                hub.subscribe("bench", Position.live(), new EventSink() {
                    @Override
                    public boolean onEvents(Subscription s, List<Event> events) {
                        c.add(events.size());
                        return true;
                    }

                    @Override
                    public boolean onReset(Subscription s, Reset reset) {
                        dropped.getAndAdd(reset.oldestId() - reset.requestedId() - 1);
                        return true;
                    }

                    @Override
                    public void onClosed(Subscription s, CloseReason reason) {
                    }
                });
            }
        }

        @Override
        public void publish() {
            hub.publishJson("bench", "tick", DATA);
        }

        @Override
        public long delivered() {
            return sum(counters);
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            hub.close();
        }
    }

    static final class FlowFanOut implements FanOut {
        final ExecutorService pool = Executors.newSingleThreadExecutor(DaemonThreadFactory.INSTANCE);
        final SubmissionPublisher<RingPublishThroughputBenchmark.Message> publisher = new SubmissionPublisher<>(pool, 1024);
        final List<Counter> counters = new ArrayList<>();
        final RingPublishThroughputBenchmark.Message message = new RingPublishThroughputBenchmark.Message("tick", DATA, 42);

        FlowFanOut(int n) {
            for (int i = 0; i < n; i++) {
                Counter c = new Counter();
                counters.add(c);
                publisher.subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(RingPublishThroughputBenchmark.Message item) {
                        c.add(1);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                    }

                    @Override
                    public void onComplete() {
                    }
                });
            }
        }

        @Override
        public void publish() {
            publisher.submit(message);
        }

        @Override
        public long delivered() {
            return sum(counters);
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void close() {
            publisher.close();
            pool.shutdownNow();
        }
    }

    static final class BroadcasterFanOut implements FanOut {
        final ExecutorService pool = Executors.newSingleThreadExecutor(DaemonThreadFactory.INSTANCE);
        final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
        final List<Counter> counters = new ArrayList<>();
        final RingPublishThroughputBenchmark.Message message = new RingPublishThroughputBenchmark.Message("tick", DATA, 42);

        final class Listener implements Runnable {
            final ConcurrentLinkedQueue<RingPublishThroughputBenchmark.Message> queue = new ConcurrentLinkedQueue<>();
            final AtomicBoolean scheduled = new AtomicBoolean();
            final Counter counter;

            Listener(Counter counter) {
                this.counter = counter;
            }

            void offer(RingPublishThroughputBenchmark.Message m) {
                queue.offer(m);
                if (scheduled.compareAndSet(false, true)) {
                    pool.execute(this);
                }
            }

            @Override
            public void run() {
                long n = 0;
                do {
                    while (queue.poll() != null) {
                        n++;
                    }
                    scheduled.set(false);
                } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
                counter.add(n);
            }
        }

        BroadcasterFanOut(int n) {
            for (int i = 0; i < n; i++) {
                Counter c = new Counter();
                counters.add(c);
                listeners.add(new Listener(c));
            }
        }

        @Override
        public void publish() {
            for (Listener l : listeners) {
                l.offer(message);
            }
        }

        @Override
        public long delivered() {
            return sum(counters);
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    static final class DisruptorFanOut implements FanOut {
        final Disruptor<RingPublishThroughputBenchmark.Message> disruptor;
        final RingBuffer<RingPublishThroughputBenchmark.Message> ring;
        final List<Counter> counters = new ArrayList<>();

        @SuppressWarnings("unchecked")
        DisruptorFanOut(int n) {
            disruptor = new Disruptor<>(RingPublishThroughputBenchmark.Message::new, 1 << 16, DaemonThreadFactory.INSTANCE,
                    ProducerType.SINGLE, new BlockingWaitStrategy());
            EventHandler<RingPublishThroughputBenchmark.Message>[] handlers = new EventHandler[n];
            for (int i = 0; i < n; i++) {
                Counter c = new Counter();
                counters.add(c);
                handlers[i] = (event, sequence, endOfBatch) -> c.add(1);
            }
            disruptor.handleEventsWith(handlers);
            ring = disruptor.start();
        }

        @Override
        public void publish() {
            long seq = ring.next();
            RingPublishThroughputBenchmark.Message m = ring.get(seq);
            m.type = "tick";
            m.data = DATA;
            m.timestamp = 42;
            ring.publish(seq);
        }

        @Override
        public long delivered() {
            return sum(counters);
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void close() {
            disruptor.halt();
        }
    }
}
