package dev.ringcast.benchmarks.jmh;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.BlockingWaitStrategy;
import dev.ringcast.core.internal.RingLog;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpmcArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publishing into one ring from 1 or 2 producer threads ({@code -t 1}, {@code -t 2}): Ringcast's
 * ring log beside the LMAX Disruptor 4 (multi-producer, same capacity, no consumer gating, so it
 * overwrites like our ring), a JCTools MPMC queue and {@code ArrayBlockingQueue} (both kept from
 * filling by dropping their oldest element, the nearest a queue gets to a ring's overwrite).
 * Each publish carries the same event content: type, 16 bytes of JSON, a timestamp.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RingPublishThroughputBenchmark {

    static final byte[] DATA = "{\"price\":101.25}".getBytes(StandardCharsets.UTF_8);

    @Param({"ringcast", "disruptor", "jctools-mpmc", "array-blocking-queue"})
    public String impl;

    @Param({"1024"})
    public int capacity;

    /** What a queue or the Disruptor holds per event: the same fields as Ringcast's Event. */
    public static final class Message {
        String type;
        byte[] data;
        long timestamp;

        Message() {
        }

        Message(String type, byte[] data, long timestamp) {
            this.type = type;
            this.data = data;
            this.timestamp = timestamp;
        }
    }

    private RingLog ring;
    private RingBuffer<Message> disruptor;
    private Queue<Message> queue;

    @Setup
    public void setup() {
        switch (impl) {
            case "ringcast" -> ring = new RingLog("bench", capacity, 1, () -> { });
            case "disruptor" -> disruptor = RingBuffer.create(ProducerType.MULTI, Message::new, capacity,
                    new BlockingWaitStrategy());
            case "jctools-mpmc" -> queue = new MpmcArrayQueue<>(capacity);
            case "array-blocking-queue" -> queue = new ArrayBlockingQueue<>(capacity);
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    @Benchmark
    public Object publish() {
        switch (impl) {
            case "ringcast":
                return ring.append("tick", DATA, 42L);
            case "disruptor": {
                long seq = disruptor.next();
                Message m = disruptor.get(seq);
                m.type = "tick";
                m.data = DATA;
                m.timestamp = 42L;
                disruptor.publish(seq);
                return m;
            }
            default: {
                Message m = new Message("tick", DATA, 42L);
                while (!queue.offer(m)) {
                    queue.poll(); // full: drop the oldest, as a ring overwrites it
                }
                return m;
            }
        }
    }
}
