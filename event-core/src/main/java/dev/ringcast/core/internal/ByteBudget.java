package dev.ringcast.core.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes of event data every ring of a hub retains, against the hub's budget. Rings add what
 * they store and subtract what they overwrite or drop; a ring that finds the hub over budget
 * after an append drops its own oldest events (the topic that publishes pays).
 *
 * <p>Thread-safe; {@link #isOver()} is approximate under concurrency, which a budget tolerates.
 */
public final class ByteBudget {

    private final long max;
    private final LongAdder retained = new LongAdder();

    /**
     * @param max the most bytes all rings together retain; {@link Long#MAX_VALUE} for no budget
     */
    public ByteBudget(long max) {
        this.max = max;
    }

    /** @return a budget that is never over */
    public static ByteBudget unlimited() {
        return new ByteBudget(Long.MAX_VALUE);
    }

    void add(long bytes) {
        retained.add(bytes);
    }

    boolean isOver() {
        return max != Long.MAX_VALUE && retained.sum() > max;
    }

    /** @return the bytes retained now */
    public long retained() {
        return retained.sum();
    }

    /** @return the budget */
    public long max() {
        return max;
    }
}
