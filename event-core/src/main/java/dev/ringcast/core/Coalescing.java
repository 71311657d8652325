package dev.ringcast.core;

import java.util.function.Function;

/**
 * Latest value per key for subscribers that fall behind: on a topic configured with
 * {@link TopicConfig#withCoalescing(Function)}, when a batch for one subscriber holds several
 * events with the same key, only the newest of them is delivered (the others are passed, as
 * filtered events are). A subscriber that keeps up gets batches of one and sees every event; a
 * slow one gets, say, an activity's latest progress percentage instead of every step it missed.
 * Events whose key is null are never coalesced.
 *
 * <p>This is loss by configuration, for state-like events where only the newest value matters;
 * the hub counts the events it skipped this way in {@link HubMetrics#coalesced()}. Each event's
 * key is computed once and cached on the event. Immutable; the key function must be thread-safe.
 */
public final class Coalescing {

    private final FrameFormat<String> key;

    Coalescing(Function<Event, String> keyOf) {
        if (keyOf == null) {
            throw new IllegalArgumentException("coalescing key function is null: give one such as e -> e.type()");
        }
        this.key = keyOf::apply;
    }

    /**
     * @param event an event of the topic
     * @return its coalescing key, or null if it is never coalesced
     */
    public String keyOf(Event event) {
        return event.frame(key);
    }
}
