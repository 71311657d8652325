package dev.ringcast.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A padded {@code long} counter shared by several threads, like the Disruptor's {@code Sequence}.
 * The value sits in the middle of an array with {@link Padding#LONGS} unused longs on each side,
 * so no neighbouring object's hot field can share its cache line.
 *
 * <p>Thread-safe. Each method's name says its memory ordering (see {@code package-info}).
 */
public final class Sequence {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int INDEX = Padding.LONGS;

    private final long[] cells = new long[Padding.LONGS * 2 + 1];

    /**
     * @param initial the initial value, visible to any thread that obtains this sequence safely
     */
    public Sequence(long initial) {
        LONGS.setVolatile(cells, INDEX, initial);
    }

    /** @return the value, with volatile (acquire and sequentially consistent) semantics */
    public long lvValue() {
        return (long) LONGS.getVolatile(cells, INDEX);
    }

    /**
     * Stores with release semantics: writes before it are visible to a thread that reads this value.
     *
     * @param value the new value
     */
    public void soValue(long value) {
        LONGS.setRelease(cells, INDEX, value);
    }

    /**
     * Atomically adds one: the multi-producer claim.
     *
     * @return the value before the increment
     */
    public long getAndIncrement() {
        return (long) LONGS.getAndAdd(cells, INDEX, 1L);
    }

    /**
     * Compare-and-set with volatile semantics.
     *
     * @param expected the value expected
     * @param value the new value
     * @return true if it was set
     */
    public boolean casValue(long expected, long value) {
        return LONGS.compareAndSet(cells, INDEX, expected, value);
    }

    @Override
    public String toString() {
        return Long.toString(lvValue());
    }
}
