package dev.ringcast.sse;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.TypeFilter;

import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.ConnectionLimits;
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
        PATH,
        /** One topic for every stream, set with {@link Builder#fixedTopic(String)}: {@code topic} parameters are ignored. */
        FIXED
    }

    private final TopicSource topicSource;
    private final String fixedTopic;
    private final List<String> typesParameters;
    private final TypeFilter defaultTypes;
    private final List<String> alternativeContentTypes;
    private final Duration heartbeat;
    private final Duration retry;
    private final int maxTopics;
    private final Cors cors;
    private final AllowedHosts allowedHosts;
    private final Authorizer authorizer;
    private final ConnectionLimits connectionLimits;
    private final int responseBufferSize;

    private SseSettings(Builder b) {
        this.topicSource = b.topicSource;
        this.fixedTopic = b.fixedTopic;
        this.typesParameters = List.copyOf(b.typesParameters);
        this.defaultTypes = b.defaultTypes;
        this.alternativeContentTypes = List.copyOf(b.alternativeContentTypes);
        this.heartbeat = b.heartbeat;
        this.retry = b.retry;
        this.maxTopics = b.maxTopics;
        this.cors = b.cors;
        this.allowedHosts = b.allowedHosts;
        this.authorizer = b.authorizer;
        this.connectionLimits = b.connectionLimits != null ? b.connectionLimits : ConnectionLimits.defaults();
        this.responseBufferSize = b.responseBufferSize;
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

    /** @return the topic of every stream for {@link TopicSource#FIXED}, otherwise null */
    public String fixedTopic() {
        return fixedTopic;
    }

    /** @return the type filter's query parameter; default {@code types} */
    public String typesParameter() {
        return typesParameters.get(0);
    }

    /** @return every name the type filter is read from, values joined; default {@code types} */
    public List<String> typesParameters() {
        return typesParameters;
    }

    /** @return the type filter of a request without the parameter; default every type */
    public TypeFilter defaultTypes() {
        return defaultTypes;
    }

    /**
     * @return content types the stream is also served as, when a request's {@code Accept} asks for
     *     one of them and not for {@code text/event-stream}; default none
     */
    public List<String> alternativeContentTypes() {
        return alternativeContentTypes;
    }

    /**
     * @return the interval of heartbeat comments; default 15 s. A stream that cannot be written for
     *     four heartbeats (a client that stopped reading) is closed and its subscription cancelled
     */
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

    /** @return the host names the servlet answers to (others get 421); default any */
    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    /** @return the authorization hook; default permit all */
    public Authorizer authorizer() {
        return authorizer;
    }

    /**
     * @return the counters of open connections every stream takes a place in (total, per
     *     principal, per address), shared with whatever else holds the same instance; default its
     *     own {@link ConnectionLimits#defaults()}
     */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /**
     * @return the response buffer size each stream asks its container for
     *     ({@code ServletResponse.setBufferSize}); default {@value #DEFAULT_RESPONSE_BUFFER_SIZE} bytes
     */
    public int responseBufferSize() {
        return responseBufferSize;
    }

    /**
     * The default {@link #responseBufferSize()}. A container keeps a stream's response buffer for
     * as long as the stream is open (Jetty: a direct buffer of this size, 32 KiB unless asked),
     * so with thousands of mostly idle streams it is most of a stream's memory. Event frames are
     * small: 4 KiB holds a batch of about 40 of them, and a larger batch is written straight
     * from its own array.
     */
    public static final int DEFAULT_RESPONSE_BUFFER_SIZE = 4096;

    /** Builds {@link SseSettings}. Not thread-safe. */
    public static final class Builder {
        private TopicSource topicSource = TopicSource.QUERY;
        private String fixedTopic;
        private List<String> typesParameters = List.of("types");
        private TypeFilter defaultTypes = TypeFilter.all();
        private List<String> alternativeContentTypes = List.of();
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration retry = Duration.ofSeconds(3);
        private int maxTopics = 32;
        private Cors cors = Cors.none();
        private AllowedHosts allowedHosts = AllowedHosts.any();
        private Authorizer authorizer = Authorizer.permitAll();
        private ConnectionLimits connectionLimits;
        private int responseBufferSize = DEFAULT_RESPONSE_BUFFER_SIZE;

        private Builder() {
        }

        /**
         * @param bytes the response buffer size each stream asks its container for, 512 bytes to
         *     1 MiB: what an open stream keeps, idle or not, in most containers
         * @return this builder
         */
        public Builder responseBufferSize(int bytes) {
            if (bytes < 512 || bytes > 1 << 20) {
                throw new IllegalArgumentException("response buffer size " + bytes + " is invalid: use 512 bytes to "
                        + "1 MiB, e.g. " + DEFAULT_RESPONSE_BUFFER_SIZE);
            }
            this.responseBufferSize = bytes;
            return this;
        }

        /**
         * @param limits the counters of open connections every stream takes a place in; pass the
         *     instance the other transports use to make the limits the server's
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = java.util.Objects.requireNonNull(limits, "connection limits");
            return this;
        }

        /**
         * @param source where topics come from
         * @return this builder
         */
        public Builder topicSource(TopicSource source) {
            if (java.util.Objects.requireNonNull(source, "topic source") == TopicSource.FIXED && fixedTopic == null) {
                throw new IllegalArgumentException("TopicSource.FIXED needs the topic: call fixedTopic(name) instead");
            }
            this.topicSource = source;
            if (source != TopicSource.FIXED) {
                fixedTopic = null;
            }
            return this;
        }

        /**
         * Serves one topic on every stream, whatever the request says: for an API whose path is its
         * stream, such as {@code /notifications}. Sets the topic source to {@link TopicSource#FIXED}.
         *
         * @param topic the topic's name
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid
         */
        public Builder fixedTopic(String topic) {
            this.fixedTopic = EventNames.checkTopic(topic);
            this.topicSource = TopicSource.FIXED;
            return this;
        }

        /**
         * The query parameter(s) of the type filter (see {@link TypeFilter#parse(String)}: {@code a,b}
         * keeps those types, {@code -a,b} leaves them out). With several names, or a name repeated in
         * the query, every value is read, joined with commas: {@code typesParameter("filters", "filter")}
         * serves {@code ?filters=-log} and a generated client's {@code ?filter=a&filter=b} alike.
         *
         * @param names the parameter names, at least one
         * @return this builder
         */
        public Builder typesParameter(String... names) {
            if (names == null || names.length == 0 || java.util.Arrays.stream(names).anyMatch(n -> n == null || n.isBlank())) {
                throw new IllegalArgumentException("types parameter name is blank: use e.g. \"types\"");
            }
            this.typesParameters = List.of(names);
            return this;
        }

        /**
         * The type filter of a request that does not give the parameter (a request with an empty
         * value still gets every type).
         *
         * @param filter the filter, e.g. {@code TypeFilter.allExcept(List.of("log"))}
         * @return this builder
         */
        public Builder defaultTypes(TypeFilter filter) {
            this.defaultTypes = java.util.Objects.requireNonNull(filter, "default types");
            return this;
        }

        /**
         * Content types the stream is also served as, for clients that ask for them in
         * {@code Accept} and not for {@code text/event-stream} (a generated SDK that reads the
         * stream as bytes and sends {@code Accept: application/octet-stream}, say). The body is the
         * same event stream; browsers' {@code EventSource} asks for {@code text/event-stream} and
         * gets it.
         *
         * @param contentTypes the media types, such as {@code application/octet-stream}
         * @return this builder
         */
        public Builder alternativeContentTypes(List<String> contentTypes) {
            for (String t : contentTypes) {
                if (t == null || !t.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
                    throw new IllegalArgumentException("content type " + t + " is invalid: use a media type such as "
                            + "application/octet-stream");
                }
            }
            this.alternativeContentTypes = List.copyOf(contentTypes);
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
         * The page origins allowed besides the request's own (which is always allowed): the same
         * setting, and the same meaning, as {@code LongPollSettings.Builder.allowedOrigins} and
         * {@code WebSocketSettings.Builder.allowedOrigins}.
         *
         * @param origins origins allowed to open streams cross-origin, such as
         *     {@code https://app.example.com}, or {@code *} for any; default none
         * @return this builder
         */
        public Builder allowedOrigins(List<String> origins) {
            this.cors = Cors.allowing(origins);
            return this;
        }

        /**
         * @param allowedOrigins origins allowed to open streams cross-origin, or {@code *}
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
            this.cors = java.util.Objects.requireNonNull(policy, "cors");
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
            this.allowedHosts = java.util.Objects.requireNonNull(hosts, "allowed hosts");
            return this;
        }

        /**
         * @param hook decides who may subscribe to what, and until when (a decision's
         *     {@code expiresAt} ends the stream with a {@code credentials-expired} event)
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
