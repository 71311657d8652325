package dev.ringcast.websocket;

import dev.ringcast.core.auth.Authorizer;
import java.time.Duration;
import java.util.Objects;

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

    private WebSocketSettings(Builder b) {
        this.maxTopics = b.maxTopics;
        this.maxInboundMessageBytes = b.maxInboundMessageBytes;
        this.pingInterval = b.pingInterval;
        this.deadPeerTimeout = b.deadPeerTimeout;
        this.sendQueueBytes = b.sendQueueBytes;
        this.authorizer = b.authorizer;
        this.originCheck = b.originCheck;
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

    /** @return the handshake's origin check; default {@link OriginCheck#any()} */
    public OriginCheck originCheck() {
        return originCheck;
    }

    /** Builds {@link WebSocketSettings}. Not thread-safe. */
    public static final class Builder {
        private int maxTopics = 32;
        private int maxInboundMessageBytes = 8 * 1024;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration deadPeerTimeout = Duration.ofSeconds(10);
        private int sendQueueBytes = 256 * 1024;
        private Authorizer authorizer = Authorizer.permitAll();
        private OriginCheck originCheck = OriginCheck.any();

        private Builder() {
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
         * @param hook decides who may subscribe to what, and (with {@code Decision.allowAs}) who owns which channel
         * @return this builder
         */
        public Builder authorizer(Authorizer hook) {
            this.authorizer = Objects.requireNonNull(hook, "authorizer");
            return this;
        }

        /**
         * @param check decides which page origins may open connections
         * @return this builder
         */
        public Builder originCheck(OriginCheck check) {
            this.originCheck = Objects.requireNonNull(check, "origin check");
            return this;
        }

        /** @return the settings */
        public WebSocketSettings build() {
            return new WebSocketSettings(this);
        }
    }
}
