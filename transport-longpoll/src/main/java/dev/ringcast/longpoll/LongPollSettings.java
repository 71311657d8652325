package dev.ringcast.longpoll;

import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.Cors;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.http.internal.RequestBodies;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link LongPollServlet}. Immutable; build with {@link #builder()}. Every
 * setting has a default, so {@code LongPollSettings.defaults()} serves the reference wire
 * contract with the topic in the {@code topic} query parameter.
 */
public final class LongPollSettings {

    /** The default most events in one answer. */
    public static final int DEFAULT_MAX_BATCH = 1000;

    /**
     * The default most events in one answer.
     *
     * @deprecated use {@link #DEFAULT_MAX_BATCH}
     */
    @Deprecated
    public static final int DEFAULT_BATCH_LIMIT = DEFAULT_MAX_BATCH;

    /** The default time a poll is held when it gives no {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The default longest time a poll may ask to be held. */
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(120);

    /** The default largest publish body: the core's default data limit (256 KiB) plus 4 KiB for the envelope. */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024 + 4 * 1024;

    /** The default most polls held at once by one servlet. */
    public static final int DEFAULT_MAX_HELD_POLLS = 5_000;

    /** Where the servlet takes a request's topic from. */
    public enum TopicSource {
        /** The {@code topic} query parameter: mounted at {@code /poll}, {@code /poll?topic=orders}. */
        QUERY,
        /**
         * The path segment before {@code /events}: mounted at {@code /topics/*}, the servlet serves
         * {@code /topics/<topic>/events}; mounted at {@code /api/sessions/*}, it serves
         * {@code /api/sessions/<token>/events}. Any other path under the mount is a 404.
         */
        PATH
    }

    private final TopicSource topicSource;
    private final int maxBatch;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final int maxBodyBytes;
    private final boolean untypedJsonBodies;
    private final Cors cors;
    private final AllowedHosts allowedHosts;
    private final Authorizer authorizer;
    private final ConnectionLimits connectionLimits;
    private final int maxHeldPolls;
    private final PublishRateLimit publishRateLimit;
    private final Duration bodyTimeout;

    private LongPollSettings(Builder b) {
        this.topicSource = b.topicSource;
        this.maxBatch = b.maxBatch;
        this.defaultTimeout = b.defaultTimeout;
        this.maxTimeout = b.maxTimeout;
        this.maxBodyBytes = b.maxBodyBytes;
        this.untypedJsonBodies = b.untypedJsonBodies;
        this.cors = b.cors;
        this.allowedHosts = b.allowedHosts;
        this.authorizer = b.authorizer;
        this.connectionLimits = b.connectionLimits != null ? b.connectionLimits : ConnectionLimits.defaults();
        this.maxHeldPolls = b.maxHeldPolls;
        this.publishRateLimit = b.publishRateLimit != null ? b.publishRateLimit : PublishRateLimit.defaults();
        this.bodyTimeout = b.bodyTimeout;
    }

    /** @return the defaults */
    public static LongPollSettings defaults() {
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

    /**
     * @return the most events in one answer; default {@value #DEFAULT_MAX_BATCH}. A client that
     *     is further behind continues from the last {@code number} it got. The hub's own
     *     {@code maxBatch} (default 1024) also bounds an answer.
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * @return the most events in one answer
     * @deprecated use {@link #maxBatch()}, the name the hub uses
     */
    @Deprecated
    public int batchLimit() {
        return maxBatch();
    }

    /** @return how long a poll without {@code timeout} is held; default 30 s */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** @return the longest hold a poll may ask for; larger {@code timeout} values are lowered to it; default 120 s */
    public Duration maxTimeout() {
        return maxTimeout;
    }

    /** @return the largest publish body in bytes; larger bodies get 413; default {@value #DEFAULT_MAX_BODY_BYTES} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * @return whether a publish body sent as {@code text/plain} or without a {@code Content-Type}
     *     is read as JSON too; default false (only {@code application/json})
     */
    public boolean untypedJsonBodies() {
        return untypedJsonBodies;
    }

    /** @return the CORS policy; default none (same-origin only) */
    public Cors cors() {
        return cors;
    }

    /** @return the host names the servlet answers to (others get 421); default any */
    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    /** @return the authorization hook, asked once per poll and per publish; default permit all */
    public Authorizer authorizer() {
        return authorizer;
    }

    /**
     * @return the counters of open connections a held poll takes a place in (total, per principal,
     *     per address), shared with whatever else holds the same instance; default its own
     *     {@link ConnectionLimits#defaults()}
     */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** @return the most polls this servlet holds at once; more are answered 503; default {@value #DEFAULT_MAX_HELD_POLLS} */
    public int maxHeldPolls() {
        return maxHeldPolls;
    }

    /** @return how fast one client may publish; default its own {@link PublishRateLimit#defaults()} */
    public PublishRateLimit publishRateLimit() {
        return publishRateLimit;
    }

    /** @return how long a client has to send a whole publish body before a 408; default 20 s */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    @Override
    public String toString() {
        return "LongPollSettings{topicSource=" + topicSource + ", maxBatch=" + maxBatch + ", defaultTimeout="
                + defaultTimeout + ", maxTimeout=" + maxTimeout + ", maxBodyBytes=" + maxBodyBytes + ", cors="
                + cors.origins() + ", allowedHosts=" + allowedHosts + ", " + connectionLimits + ", maxHeldPolls="
                + maxHeldPolls + ", " + publishRateLimit + ", bodyTimeout=" + bodyTimeout + "}";
    }

    /** Builds {@link LongPollSettings}. Not thread-safe. */
    public static final class Builder {
        private TopicSource topicSource = TopicSource.QUERY;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private Duration maxTimeout = DEFAULT_MAX_TIMEOUT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean untypedJsonBodies;
        private Cors cors = Cors.none();
        private AllowedHosts allowedHosts = AllowedHosts.any();
        private Authorizer authorizer = Authorizer.permitAll();
        private ConnectionLimits connectionLimits;
        private int maxHeldPolls = DEFAULT_MAX_HELD_POLLS;
        private PublishRateLimit publishRateLimit;
        private Duration bodyTimeout = RequestBodies.DEFAULT_BODY_TIMEOUT;

        private Builder() {
        }

        /**
         * @param limits the counters of open connections a held poll takes a place in; pass the
         *     instance the other transports use to make the limits the server's
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "connection limits");
            return this;
        }

        /**
         * @param max the most polls held at once, at least 1; default {@value #DEFAULT_MAX_HELD_POLLS}
         * @return this builder
         */
        public Builder maxHeldPolls(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max held polls " + max + " is invalid: use at least 1");
            }
            this.maxHeldPolls = max;
            return this;
        }

        /**
         * @param limit how fast one client may publish; pass one instance to every publish path
         *     to make the rate the server's
         * @return this builder
         */
        public Builder publishRateLimit(PublishRateLimit limit) {
            this.publishRateLimit = Objects.requireNonNull(limit, "publish rate limit");
            return this;
        }

        /**
         * @param timeout how long a client has to send a whole publish body, 100 ms to 10 minutes; default 20 s
         * @return this builder
         */
        public Builder bodyTimeout(Duration timeout) {
            if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("body timeout " + timeout + " is invalid: use 100 ms to 10 minutes, "
                        + "e.g. 20 s");
            }
            this.bodyTimeout = timeout;
            return this;
        }

        /**
         * @param source where topics come from
         * @return this builder
         */
        public Builder topicSource(TopicSource source) {
            this.topicSource = Objects.requireNonNull(source, "topic source");
            return this;
        }

        /**
         * @param max the most events in one answer
         * @return this builder
         * @deprecated use {@link #maxBatch(int)}, the name the hub uses
         */
        @Deprecated
        public Builder batchLimit(int max) {
            return maxBatch(max);
        }

        /**
         * @param max the most events in one answer, at least 1; default {@value #DEFAULT_MAX_BATCH}
         * @return this builder
         */
        public Builder maxBatch(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max batch " + max + " is invalid: use at least 1, e.g. 1000");
            }
            this.maxBatch = max;
            return this;
        }

        /**
         * @param timeout how long a poll without {@code timeout} is held, 0 to 1 hour
         * @return this builder
         */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = checkTimeout("default timeout", timeout);
            return this;
        }

        /**
         * @param timeout the longest hold a poll may ask for, 0 to 1 hour
         * @return this builder
         */
        public Builder maxTimeout(Duration timeout) {
            this.maxTimeout = checkTimeout("max timeout", timeout);
            return this;
        }

        private static Duration checkTimeout(String what, Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(what + " " + timeout + " is invalid: use 0 to 1 hour, e.g. 30 s");
            }
            return timeout;
        }

        /**
         * @param bytes the largest publish body, at least 16
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("max body bytes " + bytes
                        + " is invalid: use at least 16 (a body is {\"type\":..,\"data\":..})");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Reads a publish body sent as {@code text/plain} or without a {@code Content-Type} as JSON
         * too, for an API whose document names no content type (a browser's {@code fetch} sends a
         * string body as {@code text/plain}). Any other type is still a 415. Cross-site pages can
         * send such bodies without a preflight; the servlet's origin check (answer 403 to an
         * {@code Origin} that is not allowed) is what keeps them out, so keep its CORS origins tight.
         *
         * @param accept whether to accept them; default false
         * @return this builder
         */
        public Builder untypedJsonBodies(boolean accept) {
            this.untypedJsonBodies = accept;
            return this;
        }

        /**
         * The page origins allowed besides the request's own (which is always allowed): the same
         * setting, and the same meaning, as {@code SseSettings.Builder.allowedOrigins} and
         * {@code WebSocketSettings.Builder.allowedOrigins}.
         *
         * @param origins origins allowed to poll and publish cross-origin, such as
         *     {@code https://app.example.com}, or {@code *} for any; default none
         * @return this builder
         */
        public Builder allowedOrigins(List<String> origins) {
            this.cors = Cors.allowing(origins);
            return this;
        }

        /**
         * @param allowedOrigins origins allowed to poll and publish cross-origin, or {@code *}
         * @return this builder
         * @deprecated use {@link #allowedOrigins(List)}, the name every transport uses
         */
        @Deprecated
        public Builder corsOrigins(List<String> allowedOrigins) {
            return allowedOrigins(allowedOrigins);
        }

        /**
         * @param policy the CORS policy; default {@link Cors#none()}, the request's own origin only
         * @return this builder
         */
        public Builder cors(Cors policy) {
            this.cors = Objects.requireNonNull(policy, "cors");
            return this;
        }

        /**
         * The host names the servlet answers to, against DNS rebinding: a request whose
         * {@code Host} is not one of them gets 421 (see {@link AllowedHosts}).
         *
         * @param hosts such as {@code List.of("events.example.com")}; empty for any (the default)
         * @return this builder
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = AllowedHosts.of(hosts);
            return this;
        }

        /**
         * @param hosts the host check
         * @return this builder
         */
        public Builder allowedHosts(AllowedHosts hosts) {
            this.allowedHosts = Objects.requireNonNull(hosts, "allowed hosts");
            return this;
        }

        /**
         * @param hook decides who may poll and publish what; a decision's {@code expiresAt} bounds
         *     how long a poll is held
         * @return this builder
         */
        public Builder authorizer(Authorizer hook) {
            this.authorizer = Objects.requireNonNull(hook, "authorizer");
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if the default timeout is above the max timeout
         */
        public LongPollSettings build() {
            if (defaultTimeout.compareTo(maxTimeout) > 0) {
                throw new IllegalArgumentException("default timeout " + defaultTimeout + " is above the max timeout "
                        + maxTimeout + ": lower the default or raise the max");
            }
            return new LongPollSettings(this);
        }
    }
}
