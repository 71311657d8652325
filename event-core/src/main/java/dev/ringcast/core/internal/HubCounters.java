package dev.ringcast.core.internal;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Reset;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** The hub's cumulative counters; striped adders, so counting never contends. Thread-safe. */
public final class HubCounters {
    /** Events published. */
    public final LongAdder published = new LongAdder();
    /** Events handed to sinks. */
    public final LongAdder delivered = new LongAdder();
    /** Reset signals delivered. */
    public final LongAdder resets = new LongAdder();
    /** Subscriptions skipped ahead by the RESET backlog policy. */
    public final LongAdder backlogResets = new LongAdder();
    /** Subscriptions closed by the CLOSE backlog policy. */
    public final LongAdder backlogCloses = new LongAdder();
    /** Events skipped by coalescing (a newer one with the same key followed in the batch). */
    public final LongAdder coalesced = new LongAdder();
    /** Subscriptions closed because their sink threw. */
    public final LongAdder sinkErrors = new LongAdder();
    /** Idle topics evicted to make room for new ones. */
    public final LongAdder evictedTopics = new LongAdder();
    /** Reset signals delivered, by {@link Reset.Cause} ordinal. */
    public final LongAdder[] resetsByCause = adders(Reset.Cause.values().length);
    /** Subscriptions ended, by {@link CloseReason.Kind} ordinal. */
    public final LongAdder[] closesByKind = adders(CloseReason.Kind.values().length);

    /**
     * Who receives sampled publish-to-write latencies, in nanoseconds; replaced (never mutated)
     * when one is added or removed, read once per batch by the drains. Empty: nothing is sampled.
     */
    public volatile LongConsumer[] latencyRecorders = new LongConsumer[0];

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
