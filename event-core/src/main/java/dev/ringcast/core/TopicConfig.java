package dev.ringcast.core;

/**
 * The settings of one topic: the capacity of its ring, what happens to subscribers that fall
 * behind, and whether slow subscribers get only the latest event per key. Set hub-wide defaults
 * and per-topic overrides on {@link EventHubBuilder}.
 *
 * <p>Immutable.
 *
 * @param ringCapacity how many events the topic retains for replay; a power of two
 * @param backlogLimit how far (in events) a subscriber may fall behind before {@code backlogPolicy}
 *     applies; at most {@code ringCapacity} (a subscriber lapped by the ring is always reset)
 * @param backlogPolicy what happens past the backlog limit
 * @param coalescing latest value per key for slow subscribers, or null for none (the default)
 * @param firstId where the topic's ids start (with the default in-memory log)
 * @param maxBytes the most event data, in bytes, the topic retains (with the default in-memory
 *     log): past it the oldest events are dropped, as if the ring had overwritten them, so a
 *     reader that still needed them gets a {@code TOO_OLD} reset; the newest event is always kept
 */
public record TopicConfig(int ringCapacity, int backlogLimit, BacklogPolicy backlogPolicy, Coalescing coalescing,
                          FirstId firstId, long maxBytes) {

    /** The default of {@link #maxBytes()}: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    /** Where a topic's ids start. */
    public enum FirstId {
        /**
         * The time the topic was created, in microseconds since the epoch (the default): the ids of
         * a topic created again after a restart start above those of the one before, so a client's
         * id from before the restart is recognised and answered with a reset.
         */
        CLOCK,
        /**
         * 1, then 2, 3...: what clients of an API that numbers its events expect. A topic created
         * again after a restart starts at 1 again, so an id from before the restart cannot be told
         * from one of the new topic: use it for topics that do not outlive the process (a session)
         * or whose clients do not keep ids across restarts.
         */
        ONE
    }

    /** The default ring capacity. */
    public static final int DEFAULT_RING_CAPACITY = 1024;

    /** The largest ring capacity. */
    public static final int MAX_RING_CAPACITY = 1 << 24;

    /**
     * Checks the settings.
     *
     * @param ringCapacity a power of two from 2 to {@link #MAX_RING_CAPACITY}
     * @param backlogLimit 1 to {@code ringCapacity}
     * @param backlogPolicy not null
     * @param coalescing latest value per key for slow subscribers, or null for none
     * @param firstId where the ids start, not null
     * @param maxBytes the most event data retained, at least 1
     * @throws IllegalArgumentException saying which setting is wrong and what is allowed
     */
    public TopicConfig {
        if (ringCapacity < 2 || ringCapacity > MAX_RING_CAPACITY || Integer.bitCount(ringCapacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + ringCapacity
                    + " is invalid: use a power of two from 2 to " + MAX_RING_CAPACITY + ", such as "
                    + nearestPowerOfTwo(ringCapacity));
        }
        if (backlogLimit < 1 || backlogLimit > ringCapacity) {
            throw new IllegalArgumentException("backlog limit " + backlogLimit + " is invalid: use 1 to the ring capacity ("
                    + ringCapacity + ")");
        }
        if (backlogPolicy == null) {
            throw new IllegalArgumentException("backlog policy is null: use BacklogPolicy.RESET or CLOSE");
        }
        if (firstId == null) {
            throw new IllegalArgumentException("first id is null: use FirstId.CLOCK or FirstId.ONE");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max bytes " + maxBytes + " is invalid: use at least 1, e.g. "
                    + DEFAULT_MAX_BYTES);
        }
    }

    /**
     * Settings with the default byte budget.
     *
     * @param ringCapacity a power of two from 2 to {@link #MAX_RING_CAPACITY}
     * @param backlogLimit 1 to {@code ringCapacity}
     * @param backlogPolicy not null
     * @param coalescing latest value per key for slow subscribers, or null for none
     * @param firstId where the ids start, not null
     */
    public TopicConfig(int ringCapacity, int backlogLimit, BacklogPolicy backlogPolicy, Coalescing coalescing,
                       FirstId firstId) {
        this(ringCapacity, backlogLimit, backlogPolicy, coalescing, firstId, DEFAULT_MAX_BYTES);
    }

    /**
     * Settings whose ids start at the clock.
     *
     * @param ringCapacity a power of two from 2 to {@link #MAX_RING_CAPACITY}
     * @param backlogLimit 1 to {@code ringCapacity}
     * @param backlogPolicy not null
     * @param coalescing latest value per key for slow subscribers, or null for none
     */
    public TopicConfig(int ringCapacity, int backlogLimit, BacklogPolicy backlogPolicy, Coalescing coalescing) {
        this(ringCapacity, backlogLimit, backlogPolicy, coalescing, FirstId.CLOCK);
    }

    /**
     * Settings without coalescing.
     *
     * @param ringCapacity a power of two from 2 to {@link #MAX_RING_CAPACITY}
     * @param backlogLimit 1 to {@code ringCapacity}
     * @param backlogPolicy not null
     */
    public TopicConfig(int ringCapacity, int backlogLimit, BacklogPolicy backlogPolicy) {
        this(ringCapacity, backlogLimit, backlogPolicy, null);
    }

    /** @return a ring of {@value #DEFAULT_RING_CAPACITY}, backlog limit the whole ring, {@link BacklogPolicy#RESET} */
    public static TopicConfig defaults() {
        return new TopicConfig(DEFAULT_RING_CAPACITY, DEFAULT_RING_CAPACITY, BacklogPolicy.RESET);
    }

    /**
     * A copy whose slow subscribers get only the newest event per key (see {@link Coalescing}):
     * {@code c.withCoalescing(e -> e.type().equals("progress") ? e.frame(ACTIVITY_ID) : null)}.
     *
     * @param keyOf an event's key, or null for events never coalesced; thread-safe, called once per event
     * @return the copy
     */
    public TopicConfig withCoalescing(java.util.function.Function<Event, String> keyOf) {
        return new TopicConfig(ringCapacity, backlogLimit, backlogPolicy, new Coalescing(keyOf), firstId, maxBytes);
    }

    /**
     * A copy with another ring capacity; the backlog limit follows when it was the whole ring.
     *
     * @param capacity a power of two
     * @return the copy
     */
    public TopicConfig withRingCapacity(int capacity) {
        int limit = backlogLimit == ringCapacity ? capacity : Math.min(backlogLimit, Math.max(capacity, 1));
        return new TopicConfig(capacity, limit, backlogPolicy, coalescing, firstId, maxBytes);
    }

    /**
     * A copy with another backlog limit.
     *
     * @param limit 1 to the ring capacity
     * @return the copy
     */
    public TopicConfig withBacklogLimit(int limit) {
        return new TopicConfig(ringCapacity, limit, backlogPolicy, coalescing, firstId, maxBytes);
    }

    /**
     * A copy with another backlog policy.
     *
     * @param policy the policy
     * @return the copy
     */
    public TopicConfig withBacklogPolicy(BacklogPolicy policy) {
        return new TopicConfig(ringCapacity, backlogLimit, policy, coalescing, firstId, maxBytes);
    }

    /**
     * A copy whose ids start at 1 (see {@link FirstId#ONE} for when that is safe):
     * {@code EventHub.builder().topicDefaults(TopicConfig.defaults().withFirstId(FirstId.ONE))}.
     *
     * @param origin where the ids start
     * @return the copy
     */
    public TopicConfig withFirstId(FirstId origin) {
        return new TopicConfig(ringCapacity, backlogLimit, backlogPolicy, coalescing, origin, maxBytes);
    }

    /**
     * A copy with another byte budget: the most event data the topic retains.
     *
     * @param bytes at least 1
     * @return the copy
     */
    public TopicConfig withMaxBytes(long bytes) {
        return new TopicConfig(ringCapacity, backlogLimit, backlogPolicy, coalescing, firstId, bytes);
    }

    private static int nearestPowerOfTwo(int n) {
        if (n <= 2) {
            return 2;
        }
        if (n >= MAX_RING_CAPACITY) {
            return MAX_RING_CAPACITY;
        }
        int high = Integer.highestOneBit(n);
        return (n - high) < (high << 1) - n ? high : high << 1;
    }
}
