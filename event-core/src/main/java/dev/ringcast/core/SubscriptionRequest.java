package dev.ringcast.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to subscribe to: one or more topics, each with its start {@link Position}, and an optional
 * filter of event types. One subscription over several topics delivers them through one sink,
 * so one connection can carry many topics.
 *
 * <p>Immutable; build it with {@link #builder()} or {@link #of(String, Position)}.
 */
public final class SubscriptionRequest {

    private final Map<String, Position> topics;
    private final TypeFilter types;

    private SubscriptionRequest(Map<String, Position> topics, TypeFilter types) {
        this.topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
        this.types = types;
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

    /** @return which types to deliver */
    public TypeFilter typeFilter() {
        return types;
    }

    /** Builds a {@link SubscriptionRequest}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Position> topics = new LinkedHashMap<>();
        private TypeFilter types = TypeFilter.all();

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
         * cursor moves past them). No call, or an empty collection, means every type. Same as
         * {@code typeFilter(TypeFilter.only(eventTypes))}.
         *
         * @param eventTypes the types
         * @return this builder
         * @throws IllegalArgumentException if a type is invalid
         */
        public Builder types(Collection<String> eventTypes) {
            return typeFilter(TypeFilter.only(eventTypes));
        }

        /**
         * Delivers the types the filter accepts, such as {@code TypeFilter.allExcept(List.of("log"))}
         * or {@code TypeFilter.parse(request.getParameter("types"))}. Replaces an earlier filter.
         *
         * @param filter the filter
         * @return this builder
         */
        public Builder typeFilter(TypeFilter filter) {
            if (filter == null) {
                throw new IllegalArgumentException("type filter is null: use TypeFilter.all()");
            }
            types = filter;
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
        return "SubscriptionRequest" + parts + (types.acceptsAll() ? "" : " types=" + types);
    }
}
