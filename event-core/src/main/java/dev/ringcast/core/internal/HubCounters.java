package dev.ringcast.core.internal;

import java.util.concurrent.atomic.LongAdder;

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
}
