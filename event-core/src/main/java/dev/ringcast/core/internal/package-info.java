/**
 * Internals of the hub: not API, may change in any release.
 *
 * <h2>Access modes in names</h2>
 * Hot shared state names its memory access mode once, in the method that performs it, as JCTools
 * does: {@code lv} load volatile, {@code lp} load plain, {@code sv} store volatile, {@code so}
 * store ordered (release), {@code cas} compare-and-set, {@code getAndIncrement} a volatile
 * read-modify-write.
 *
 * <h2>Padding policy</h2>
 * A counter written by one set of threads and read by others on every operation (the ring's
 * claim sequence) lives in a {@link dev.ringcast.core.internal.Sequence}, padded on both sides by
 * {@link dev.ringcast.core.internal.Padding#LONGS} longs so that no other hot field shares its
 * cache line (or the adjacent line the prefetcher pairs with it). Nothing else pads itself:
 * queues come padded from JCTools, and everything else is written by one thread or rarely.
 *
 * <h2>The wake-up protocol</h2>
 * A publisher stores an event (a CAS: a full fence) and then reads whether its topic has parked
 * subscriptions. A subscription that finds nothing to read enqueues itself as parked (a CAS) and
 * then reads the slot after its cursor again. With both sides ordered store-then-load on volatile
 * locations, at least one sees the other: either the publisher wakes the parked subscription or
 * the subscription sees the event and wakes itself. No wake-up is lost; no one spins.
 */
package dev.ringcast.core.internal;
