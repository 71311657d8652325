package dev.ringcast.benchmarks.jmh;

import dev.ringcast.core.Event;
import dev.ringcast.sse.SseFrames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost per delivery of an event's SSE frame to 100 subscribers: built once and shared through
 * the event's frame cache, against built again for every subscriber. Each invocation is one new
 * event (empty cache) delivered 100 times.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SseFrameEncodeBenchmark {

    static final int SUBSCRIBERS = 100;
    static final byte[] DATA = ("{\"order\":{\"id\":12345,\"item\":\"tea\",\"qty\":2,\"note\":\"deliver to the side door\"}}")
            .getBytes(StandardCharsets.UTF_8);

    @Param({"cached", "uncached"})
    public String mode;

    private long id = 1;

    @Benchmark
    @OperationsPerInvocation(SUBSCRIBERS)
    public void deliver(Blackhole bh) {
        Event e = Event.create("orders", id++, "created", DATA, 42L);
        boolean cached = mode.equals("cached");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            bh.consume(cached ? e.frame(SseFrames.WITH_ID) : SseFrames.WITH_ID.encode(e));
        }
    }
}
