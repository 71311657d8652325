package dev.ringcast.websocket;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.ConnectionLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings of a Ringcast WebSocket endpoint. Immutable; build with {@link #builder()}; every
 * setting has a default, so {@link #defaults()} serves the reference wire contract.
 */
public final class WebSocketSettings {

    private final int maxTopics;
    private final int maxInboundMessageBytes;
    private final Duration pingInterval;
    private final Duration deadPeerTimeout;
    private final int sendQueueBytes;
    private final Authorizer authorizer;
    private final OriginCheck originCheck;
    private final AllowedHosts allowedHosts;
    private final FrameFormat<String> eventFrames;
    private final boolean controlFrames;
    private final String fixedTopic;
    private final List<String> typesParameters;
    private final TypeFilter defaultTypes;
    private final List<String> subprotocols;
    private final Function<String, String> unknownChannelMessage;
    private final ConnectionLimits connectionLimits;

    private WebSocketSettings(Builder b) {
        this.maxTopics = b.maxTopics;
        this.maxInboundMessageBytes = b.maxInboundMessageBytes;
        this.pingInterval = b.pingInterval;
        this.deadPeerTimeout = b.deadPeerTimeout;
        this.sendQueueBytes = b.sendQueueBytes;
        this.authorizer = b.authorizer;
        this.originCheck = b.originCheck;
        this.allowedHosts = b.allowedHosts;
        this.eventFrames = b.eventFrames;
        this.controlFrames = b.controlFrames;
        this.fixedTopic = b.fixedTopic;
        this.typesParameters = b.typesParameters;
        this.defaultTypes = b.defaultTypes;
        this.subprotocols = b.subprotocols;
        this.unknownChannelMessage = b.unknownChannelMessage;
        this.connectionLimits = b.connectionLimits != null ? b.connectionLimits : ConnectionLimits.defaults();
    }

    /** @return the defaults */
    public static WebSocketSettings defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most topics one connection may read at once; default 32 */
    public int maxTopics() {
        return maxTopics;
    }

    /**
     * @return the largest message a client may send, in bytes (characters on Tomcat, which
     *     counts decoded text); a larger one closes the connection with 1009; default 8 KiB.
     *     Control messages take a few hundred bytes. Keep it small: Tomcat allocates a text
     *     buffer of this size (two bytes per character) for every open session.
     */
    public int maxInboundMessageBytes() {
        return maxInboundMessageBytes;
    }

    /** @return how often an open connection gets a WebSocket ping; zero for none; default 25 s */
    public Duration pingInterval() {
        return pingInterval;
    }

    /**
     * @return how long after a ping the peer has to answer (a pong or any message), and how long
     *     a send may make no progress, before the connection is closed with 4000; default 10 s
     */
    public Duration deadPeerTimeout() {
        return deadPeerTimeout;
    }

    /**
     * @return how many bytes of frames a connection queues (beyond the one in flight) before it
     *     tells the hub it is not ready; default 256 KiB. The hub's batch that crosses the limit
     *     is still queued whole, so a connection holds at most this plus one batch.
     */
    public int sendQueueBytes() {
        return sendQueueBytes;
    }

    /** @return the authorization hook, asked at the handshake and on each subscribe; default permit all */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** @return the handshake's origin check; default {@link OriginCheck#sameOrigin()} */
    public OriginCheck originCheck() {
        return originCheck;
    }

    /**
     * @return the host names the endpoints answer to: a handshake naming another {@code Host} is
     *     refused with 421 (before the upgrade with {@link HandshakeFilter}, else an error frame
     *     421 and close 1008), against DNS rebinding; default any. The channels' REST servlet
     *     built from these settings checks the same.
     */
    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    /**
     * @return how an event is written as a text frame: {@link WebSocketFrames#EVENT} (the default,
     *     {@code {"id","topic","type","data"}}), {@link WebSocketFrames#DATA} (the published data as
     *     is) or the application's own format; built once per event and shared by every connection
     */
    public FrameFormat<String> eventFrames() {
        return eventFrames;
    }

    /**
     * @return whether connections send Ringcast's own frames besides events: {@code subscribed},
     *     {@code unsubscribed}, {@code pong}, {@code error} and {@code reset}; default true
     */
    public boolean controlFrames() {
        return controlFrames;
    }

    /** @return the one topic the topic endpoint serves on every connection, or null (topics from the query) */
    public String fixedTopic() {
        return fixedTopic;
    }

    /** @return the query parameter(s) of the topic endpoint's type filter; default {@code types} */
    public List<String> typesParameters() {
        return typesParameters;
    }

    /** @return the type filter of a connection whose query has no type filter parameter; default every type */
    public TypeFilter defaultTypes() {
        return defaultTypes;
    }

    /** @return the subprotocols the endpoint accepts, in its order of preference; default none */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /**
     * @param channelName the name of the channel the client has not registered
     * @return the message of the 404 refusal of a connection to that channel
     */
    public String unknownChannelMessage(String channelName) {
        return unknownChannelMessage.apply(channelName);
    }

    /**
     * @return the counters of open connections every connection of an endpoint with these
     *     settings takes a place in (total, per principal, per address), shared with whatever else
     *     holds the same instance; default its own {@link ConnectionLimits#defaults()}. JSR-356 shows
     *     no remote address on Tomcat and Undertow: there the per-address limit applies only behind
     *     {@link HandshakeFilter}, which passes the address on.
     */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** Builds {@link WebSocketSettings}. Not thread-safe. */
    public static final class Builder {
        private int maxTopics = 32;
        private int maxInboundMessageBytes = 8 * 1024;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration deadPeerTimeout = Duration.ofSeconds(10);
        private int sendQueueBytes = 256 * 1024;
        private Authorizer authorizer = Authorizer.permitAll();
        private OriginCheck originCheck = OriginCheck.sameOrigin();
        private AllowedHosts allowedHosts = AllowedHosts.any();
        private FrameFormat<String> eventFrames = WebSocketFrames.EVENT;
        private boolean controlFrames = true;
        private String fixedTopic;
        private List<String> typesParameters = List.of("types");
        private TypeFilter defaultTypes = TypeFilter.all();
        private List<String> subprotocols = List.of();
        private Function<String, String> unknownChannelMessage = name -> "you have no channel \"" + name
                + "\": register it first with PUT on /channels/" + name
                + " (channels expire after a period without a connection)";
        private ConnectionLimits connectionLimits;

        private Builder() {
        }

        /**
         * @param limits the counters of open connections every connection takes a place in; pass
         *     the instance the other transports use to make the limits the server's
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "connection limits");
            return this;
        }

        /**
         * How each event is written: {@link WebSocketFrames#EVENT} (the default envelope),
         * {@link WebSocketFrames#DATA} (the event's data JSON as published, for an API whose
         * messages are the bare payloads), or an application's format. The frame is built once per
         * event and shared by every connection of every endpoint using the same format instance
         * (it is cached on the event, keyed by the instance: keep one, in a {@code static final}).
         *
         * @param format the event frame format
         * @return this builder
         */
        public Builder eventFrames(FrameFormat<String> format) {
            this.eventFrames = Objects.requireNonNull(format, "event frames");
            return this;
        }

        /**
         * Whether connections send Ringcast's own frames: the {@code subscribed} position, the
         * replies to control messages ({@code unsubscribed}, {@code pong}, {@code error}) and the
         * {@code reset} signal. Off, a client receives events only, for an API whose messages are
         * all of one shape: a refusal at open is then the close alone (1008 with the message as
         * reason; use {@link HandshakeFilter} to refuse with an HTTP status instead), a bad control
         * message is ignored, and a reset moves the connection on without telling it (the cursor of
         * a channel still moves). Default on.
         *
         * @param send whether to send them
         * @return this builder
         */
        public Builder controlFrames(boolean send) {
            this.controlFrames = send;
            return this;
        }

        /**
         * Serves one topic on every connection of the topic endpoint, whatever the query says: for
         * an API whose path is its stream, such as {@code /notifications}. {@code topic} parameters
         * are ignored, {@code lastEventId} is that topic's id, and subscribe and unsubscribe
         * messages are refused (error 400). Like SSE's {@code SseSettings.Builder.fixedTopic}.
         *
         * @param topic the topic's name
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid
         */
        public Builder fixedTopic(String topic) {
            this.fixedTopic = EventNames.checkTopic(topic);
            return this;
        }

        /**
         * The query parameter(s) of the topic endpoint's type filter (see
         * {@link TypeFilter#parse(String)}: {@code a,b} keeps those types, {@code -a,b} leaves
         * them out). With several names, or a name repeated in the query, every value is read,
         * joined with commas: {@code typesParameter("filters", "filter")} serves {@code ?filters=-log}
         * and a generated client's {@code ?filter=a&filter=b} alike. Default {@code types}.
         *
         * @param names the parameter names, at least one
         * @return this builder
         */
        public Builder typesParameter(String... names) {
            if (names == null || names.length == 0 || Arrays.stream(names).anyMatch(n -> n == null || n.isBlank())) {
                throw new IllegalArgumentException("types parameter name is blank: use e.g. \"types\"");
            }
            this.typesParameters = List.of(names);
            return this;
        }

        /**
         * The type filter of a connection whose query does not give the parameter (an empty value
         * still means every type).
         *
         * @param filter the filter, e.g. {@code TypeFilter.parse("-log")}
         * @return this builder
         */
        public Builder defaultTypes(TypeFilter filter) {
            this.defaultTypes = Objects.requireNonNull(filter, "default types");
            return this;
        }

        /**
         * The subprotocols the endpoint accepts: of those a client offers
         * ({@code Sec-WebSocket-Protocol}), the first in the client's order that is in this list
         * is selected; none if none is. A browser fails a handshake whose answer selects none of
         * the subprotocols it offered. The authorizer sees every offered subprotocol (see
         * {@link RingcastWebSocket#requestedSubprotocols}), so a token a browser passes as a
         * subprotocol (it cannot set headers) can name the owner.
         *
         * @param names the subprotocols, such as {@code List.of("wss")}
         * @return this builder
         */
        public Builder subprotocols(List<String> names) {
            for (String n : names) {
                if (n == null || !n.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("subprotocol \"" + n + "\" is invalid: use an HTTP token "
                            + "such as \"wss\" or \"v2.events\"");
                }
            }
            this.subprotocols = List.copyOf(names);
            return this;
        }

        /**
         * The message of the 404 refusal of a channel connection whose owner has not registered
         * the channel: say where this API registers channels.
         *
         * @param message makes the message from the channel's name
         * @return this builder
         */
        public Builder unknownChannelMessage(Function<String, String> message) {
            this.unknownChannelMessage = Objects.requireNonNull(message, "unknown channel message");
            return this;
        }

        /**
         * @param max the most topics one connection may read at once, at least 1
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
         * @param bytes the largest message a client may send, 256 bytes to 16 MiB
         * @return this builder
         */
        public Builder maxInboundMessageBytes(int bytes) {
            if (bytes < 256 || bytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("max inbound message size " + bytes
                        + " is invalid: use 256 bytes to 16 MiB (control messages are small; 8 KiB is plenty)");
            }
            this.maxInboundMessageBytes = bytes;
            return this;
        }

        /**
         * @param interval how often to ping an open connection, 10 ms to 1 hour, or zero for no keepalive
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            if (interval == null || interval.isNegative() || (!interval.isZero() && interval.toMillis() < 10)
                    || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("ping interval " + interval
                        + " is invalid: use 10 ms to 1 hour (e.g. 25 s, under most proxies' 60 s idle timeout), or zero for none");
            }
            this.pingInterval = interval;
            return this;
        }

        /**
         * @param timeout how long a peer has to answer a ping, 10 ms to 1 hour
         * @return this builder
         */
        public Builder deadPeerTimeout(Duration timeout) {
            if (timeout == null || timeout.toMillis() < 10 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("dead-peer timeout " + timeout + " is invalid: use 10 ms to 1 hour, e.g. 10 s");
            }
            this.deadPeerTimeout = timeout;
            return this;
        }

        /**
         * @param bytes bytes of frames a connection queues before it answers "not ready", 1 KiB to 64 MiB
         * @return this builder
         */
        public Builder sendQueueBytes(int bytes) {
            if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
                throw new IllegalArgumentException("send queue size " + bytes + " is invalid: use 1 KiB to 64 MiB");
            }
            this.sendQueueBytes = bytes;
            return this;
        }

        /**
         * @param hook decides who may subscribe to what, (with {@code Decision.allowAs}) who owns
         *     which channel, and until when: a decision's {@code expiresAt} closes the connection
         *     then with {@link RingcastCloseCodes#CREDENTIALS_EXPIRED}
         * @return this builder
         */
        public Builder authorizer(Authorizer hook) {
            this.authorizer = Objects.requireNonNull(hook, "authorizer");
            return this;
        }

        /**
         * The page origins allowed besides the handshake's own (which is always allowed): the same
         * setting, and the same meaning, as {@code SseSettings.Builder.allowedOrigins} and
         * {@code LongPollSettings.Builder.allowedOrigins}. Shorthand for
         * {@link OriginCheck#sameOriginOr(Collection)}, or {@link OriginCheck#any()} when the list
         * holds {@code *}.
         *
         * @param origins such as {@code https://app.example.com}, or {@code *} for any; default none
         * @return this builder
         * @throws IllegalArgumentException if an origin is not {@code http(s)://host[:port]}
         */
        public Builder allowedOrigins(List<String> origins) {
            return originCheck(origins.contains("*") ? OriginCheck.any() : OriginCheck.sameOriginOr(origins));
        }

        /**
         * @param check decides which page origins may open connections; default
         *     {@link OriginCheck#sameOrigin()}
         * @return this builder
         */
        public Builder originCheck(OriginCheck check) {
            this.originCheck = Objects.requireNonNull(check, "origin check");
            return this;
        }

        /**
         * The host names the endpoints answer to, against DNS rebinding (see {@link AllowedHosts}).
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

        /** @return the settings */
        public WebSocketSettings build() {
            return new WebSocketSettings(this);
        }
    }
}
