package dev.ringcast.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to subscribe to: one or more topics, each with its start {@link Position}, and an optional
 * filter of event types. One subscription over several topics delivers them through one sink,
 * so one connection can carry many topics.
 *
 * <p>Immutable; build it with {@link #builder()} or {@link #of(String, Position)}.
 */
public final class SubscriptionRequest {

    private final Map<String, Position> topics;
    private final Set<String> types;

    private SubscriptionRequest(Map<String, Position> topics, Set<String> types) {
        this.topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
        this.types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
    }

    /**
     * A request for one topic, every type.
     *
     * @param topic the topic
     * @param from where to start
     * @return the request
     */
    public static SubscriptionRequest of(String topic, Position from) {
        return builder().topic(topic, from).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the topics with their start positions, in the order they were added */
    public Map<String, Position> topics() {
        return topics;
    }

    /** @return the types to deliver, or an empty set for every type */
    public Set<String> types() {
        return types;
    }

    /** Builds a {@link SubscriptionRequest}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Position> topics = new LinkedHashMap<>();
        private final Set<String> types = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Adds a topic, read from live events on.
         *
         * @param topic the topic's name
         * @return this builder
         */
        public Builder topic(String topic) {
            return topic(topic, Position.live());
        }

        /**
         * Adds a topic read from {@code from}.
         *
         * @param topic the topic's name
         * @param from where to start
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid or the topic was already added
         */
        public Builder topic(String topic, Position from) {
            EventNames.checkTopic(topic);
            if (from == null) {
                throw new IllegalArgumentException("position of topic \"" + topic + "\" is null: use Position.live()");
            }
            if (topics.putIfAbsent(topic, from) != null) {
                throw new IllegalArgumentException("topic \"" + topic + "\" is requested twice: name each topic once");
            }
            return this;
        }

        /**
         * Delivers only events of these types (events of other types are passed over, and the
         * cursor moves past them). No call, or an empty collection, means every type.
         *
         * @param eventTypes the types
         * @return this builder
         * @throws IllegalArgumentException if a type is invalid
         */
        public Builder types(Collection<String> eventTypes) {
            for (String t : eventTypes) {
                types.add(EventNames.checkType(t));
            }
            return this;
        }

        /**
         * Same as {@link #types(Collection)}.
         *
         * @param eventTypes the types
         * @return this builder
         */
        public Builder types(String... eventTypes) {
            return types(List.of(eventTypes));
        }

        /**
         * @return the request
         * @throws IllegalArgumentException if no topic was added
         */
        public SubscriptionRequest build() {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("a subscription needs at least one topic: call topic(name)");
            }
            return new SubscriptionRequest(topics, types);
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        topics.forEach((t, p) -> parts.add(t + "@" + p));
        return "SubscriptionRequest" + parts + (types.isEmpty() ? "" : " types=" + types);
    }
}
