package dev.ringcast.sse;

import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.Cors;
import java.time.Duration;
import java.util.List;

/**
 * The settings of an {@link SseServlet}. Immutable; build with {@link #builder()}; every setting
 * has a default, so {@code SseSettings.defaults()} serves the reference wire contract.
 */
public final class SseSettings {

    /** Where the servlet takes a request's topics from. */
    public enum TopicSource {
        /** The repeatable {@code topic} query parameter: {@code /sse?topic=a&topic=b}. */
        QUERY,
        /** The last path segment: mounted at {@code /events/*}, {@code /events/orders} reads "orders". */
        PATH
    }

    private final TopicSource topicSource;
    private final String typesParameter;
    private final Duration heartbeat;
    private final Duration retry;
    private final int maxTopics;
    private final Cors cors;
    private final Authorizer authorizer;

    private SseSettings(Builder b) {
        this.topicSource = b.topicSource;
        this.typesParameter = b.typesParameter;
        this.heartbeat = b.heartbeat;
        this.retry = b.retry;
        this.maxTopics = b.maxTopics;
        this.cors = b.cors;
        this.authorizer = b.authorizer;
    }

    /** @return the defaults */
    public static SseSettings defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return where topics come from; default {@link TopicSource#QUERY} */
    public TopicSource topicSource() {
        return topicSource;
    }

    /** @return the type filter's query parameter; default {@code types} */
    public String typesParameter() {
        return typesParameter;
    }

    /** @return the interval of heartbeat comments; default 15 s */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** @return the {@code retry:} hint sent when a stream opens, or null for none; default 3 s */
    public Duration retry() {
        return retry;
    }

    /** @return the most topics one stream may carry; default 32 */
    public int maxTopics() {
        return maxTopics;
    }

    /** @return the CORS policy; default none (same-origin only) */
    public Cors cors() {
        return cors;
    }

    /** @return the authorization hook; default permit all */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** Builds {@link SseSettings}. Not thread-safe. */
    public static final class Builder {
        private TopicSource topicSource = TopicSource.QUERY;
        private String typesParameter = "types";
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration retry = Duration.ofSeconds(3);
        private int maxTopics = 32;
        private Cors cors = Cors.none();
        private Authorizer authorizer = Authorizer.permitAll();

        private Builder() {
        }

        /**
         * @param source where topics come from
         * @return this builder
         */
        public Builder topicSource(TopicSource source) {
            this.topicSource = java.util.Objects.requireNonNull(source, "topic source");
            return this;
        }

        /**
         * @param name the type filter's query parameter
         * @return this builder
         */
        public Builder typesParameter(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("types parameter name is blank: use e.g. \"types\"");
            }
            this.typesParameter = name;
            return this;
        }

        /**
         * @param interval how often an idle stream gets a heartbeat comment, 10 ms to 1 hour
         * @return this builder
         */
        public Builder heartbeat(Duration interval) {
            if (interval == null || interval.toMillis() < 10 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("heartbeat " + interval + " is invalid: use 10 ms to 1 hour, e.g. 15 s");
            }
            this.heartbeat = interval;
            return this;
        }

        /**
         * @param hint the reconnection time sent as {@code retry:}, or null to send none
         * @return this builder
         */
        public Builder retry(Duration hint) {
            if (hint != null && hint.isNegative()) {
                throw new IllegalArgumentException("retry " + hint + " is negative");
            }
            this.retry = hint;
            return this;
        }

        /**
         * @param max the most topics one stream may carry, at least 1
         * @return this builder
         */
        public Builder maxTopics(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max topics " + max + " is invalid: use at least 1");
            }
            this.maxTopics = max;
            return this;
        }

        /**
         * @param allowedOrigins origins allowed to open streams cross-origin, or {@code *}
         * @return this builder
         */
        public Builder corsOrigins(List<String> allowedOrigins) {
            this.cors = Cors.allowing(allowedOrigins);
            return this;
        }

        /**
         * @param hook decides who may subscribe to what
         * @return this builder
         */
        public Builder authorizer(Authorizer hook) {
            this.authorizer = java.util.Objects.requireNonNull(hook, "authorizer");
            return this;
        }

        /** @return the settings */
        public SseSettings build() {
            return new SseSettings(this);
        }
    }
}
