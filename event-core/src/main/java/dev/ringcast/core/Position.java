package dev.ringcast.core;

/**
 * Where a subscription starts reading a topic.
 *
 * <p>Immutable.
 */
public final class Position {

    private static final Position LIVE = new Position(Kind.LIVE, -1);
    private static final Position OLDEST = new Position(Kind.OLDEST, -1);

    /** The kinds of start position. */
    public enum Kind {
        /** Only events published from now on. */
        LIVE,
        /** Every retained event, oldest first, then live events. */
        OLDEST,
        /** Every retained event after a given id, then live events: a resume. */
        AFTER
    }

    private final Kind kind;
    private final long afterId;

    private Position(Kind kind, long afterId) {
        this.kind = kind;
        this.afterId = afterId;
    }

    /** @return the position "events published from now on" */
    public static Position live() {
        return LIVE;
    }

    /** @return the position "every retained event, then live" */
    public static Position oldest() {
        return OLDEST;
    }

    /**
     * The position after an event the client has seen: the subscription delivers every retained
     * event with a greater id, in order, exactly once. If {@code id} is older than the retained
     * window, or not from this incarnation of the topic, the subscription first delivers a
     * {@link Reset} naming the oldest id available.
     *
     * @param id the last id the client saw, 0 to {@link Event#MAX_ID}
     * @return the position
     * @throws IllegalArgumentException if the id is out of range
     */
    public static Position after(long id) {
        if (id < 0 || id > Event.MAX_ID) {
            throw new IllegalArgumentException("event id " + id + " is out of range: use 0 to 2^53-1");
        }
        return new Position(Kind.AFTER, id);
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the id after which to read, for {@link Kind#AFTER}; otherwise -1 */
    public long afterId() {
        return afterId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && p.kind == kind && p.afterId == afterId;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(afterId);
    }

    @Override
    public String toString() {
        return kind == Kind.AFTER ? "after(" + afterId + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
