package dev.ringcast.websocket;

import dev.ringcast.core.EventHub;
import dev.ringcast.websocket.internal.ChannelTable;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable channels: named cursors over topics that the server keeps between connections, so that
 * a client (an API key, say) that reconnects gets what was published while it was away.
 *
 * <h2>Model</h2>
 * A channel belongs to an owner (a principal name, see {@link ChannelsServlet}) and is named
 * like a topic; names are per owner, so two owners may each have an {@code alerts} channel. It
 * holds one cursor per topic: the id of the last event whose frame was sent to a connection.
 * A new topic starts at its head, so what is published after registration waits for the channel.
 *
 * <h2>Waiting events and overflow</h2>
 * While no connection is open, the events stay in the topics' rings: a channel holds no copy,
 * only its cursors. When a connection opens it gets every retained event after each cursor, then
 * live events. The ring's window is therefore the channel's queue bound, and the overflow policy
 * is the reset: if the ring has overwritten events a channel had not received, its next
 * connection opens with a reset frame for that topic (naming the oldest id available) and
 * continues from there. Nothing is ever dropped silently.
 *
 * <h2>Delivery</h2>
 * A cursor moves when a frame's send completes, so an event whose send failed is sent again on
 * the next connection: reconnecting after a clean close delivers each event exactly once, in
 * order. When a new connection replaces an open one, the frames the old one had in flight are
 * sent again on the new one (at least once; the ids let a client drop the repeats).
 *
 * <h2>Expiry</h2>
 * A channel with no connection for {@link Builder#channelExpiry(Duration)} (default 24 hours)
 * expires: it is removed with its cursors, and a lookup after that finds nothing. A sweeper
 * thread, started by {@link Builder#build()} and stopped by {@link #close()}, removes expired
 * channels; lookups also treat a channel past its time as gone, whether swept or not.
 *
 * <p>Thread-safe: any thread may call any method.
 */
public final class ChannelRegistry implements AutoCloseable {

    /** The default most channels in all. */
    public static final int DEFAULT_MAX_CHANNELS = 10_000;

    private final ChannelTable table;
    private final Duration channelExpiry;

    private ChannelRegistry(Builder b) {
        this.channelExpiry = b.expireAfter;
        Duration sweep = b.sweepInterval != null ? b.sweepInterval
                : clamp(b.expireAfter.dividedBy(8), Duration.ofMillis(10), Duration.ofMinutes(1));
        this.table = new ChannelTable(b.hub, b.expireAfter, sweep, b.maxChannelsPerOwner, b.maxChannels,
                b.maxTopicsPerChannel, b.clock);
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /**
     * @param hub the hub whose topics the channels read
     * @return a builder with the defaults
     */
    public static Builder builder(EventHub hub) {
        return new Builder(Objects.requireNonNull(hub, "hub"));
    }

    /**
     * Creates a channel or sets the topics of an existing one. A new topic starts at its head; a
     * topic that stays keeps its cursor; a dropped topic loses it. An open connection follows at
     * once (with {@code subscribed} / {@code unsubscribed} frames).
     *
     * @param owner who owns it, non-empty
     * @param name its name: 1-128 of {@code [A-Za-z0-9._-]}
     * @param topics its topics, possibly none
     * @return the channel after registration
     * @throws IllegalArgumentException if a name is invalid or there are too many topics
     * @throws IllegalStateException if the owner has as many channels as allowed, or the registry is closed
     * @throws dev.ringcast.core.LimitExceededException (503) if the registry holds its most channels
     *     ({@link Builder#maxChannels(int)}) and this one is new, or the hub its most topics and a topic is new
     */
    public ChannelInfo register(String owner, String name, Collection<String> topics) {
        return registerReporting(owner, name, topics).channel();
    }

    ChannelTable.Registration registerReporting(String owner, String name, Collection<String> topics) {
        checkOwner(owner);
        Objects.requireNonNull(topics, "topics");
        return table.register(owner, name, List.copyOf(topics));
    }

    /**
     * @param owner who asks
     * @param name the channel's name
     * @return the channel, if {@code owner} has one by that name that has not expired
     */
    public Optional<ChannelInfo> get(String owner, String name) {
        checkOwner(owner);
        return table.get(owner, name);
    }

    /**
     * @param owner who asks
     * @return the owner's channels, by name
     */
    public List<ChannelInfo> list(String owner) {
        checkOwner(owner);
        return table.list(owner);
    }

    /**
     * Deletes a channel and its cursors; its open connection is closed with
     * {@link RingcastCloseCodes#CHANNEL_GONE}.
     *
     * @param owner who asks
     * @param name the channel's name
     * @return false if {@code owner} has no such channel
     */
    public boolean delete(String owner, String name) {
        checkOwner(owner);
        return table.delete(owner, name);
    }

    /**
     * Expires idle channels now, as the sweeper does on its own schedule.
     *
     * @return how many expired
     */
    public int expireIdle() {
        return table.expireIdle();
    }

    /** @return how many channels exist, counting expired ones the sweeper has not removed yet */
    public int size() {
        return table.size();
    }

    /** @return how long a channel may go without a connection before it expires; default 24 hours */
    public Duration channelExpiry() {
        return channelExpiry;
    }

    /**
     * @return how long a channel may go without a connection
     * @deprecated use {@link #channelExpiry()}, the name {@code RingcastServer} uses too
     */
    @Deprecated
    public Duration expireAfter() {
        return channelExpiry();
    }

    /** @return true once closed */
    public boolean isClosed() {
        return table.isClosed();
    }

    /** Stops the sweeper, closes every channel's connection with 1001 and forgets the channels. Idempotent. */
    @Override
    public void close() {
        table.close();
    }

    ChannelTable table() {
        return table;
    }

    private static void checkOwner(String owner) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("channel owner is empty: channels belong to a named client");
        }
    }

    /** Builds a {@link ChannelRegistry}. Not thread-safe. */
    public static final class Builder {
        private final EventHub hub;
        private Duration expireAfter = Duration.ofHours(24);
        private Duration sweepInterval;
        private int maxChannelsPerOwner = 64;
        private int maxChannels = DEFAULT_MAX_CHANNELS;
        private int maxTopicsPerChannel = 32;
        private InstantSource clock = InstantSource.system();

        private Builder(EventHub hub) {
            this.hub = hub;
        }

        /**
         * @param period how long a channel may go without a connection before it expires
         * @return this builder
         * @deprecated use {@link #channelExpiry(Duration)}, the name {@code RingcastServer} uses too
         */
        @Deprecated
        public Builder expireAfter(Duration period) {
            return channelExpiry(period);
        }

        /**
         * @param period how long a channel may go without a connection before it expires, 10 ms to 365 days; default 24 hours
         * @return this builder
         */
        public Builder channelExpiry(Duration period) {
            if (period == null || period.toMillis() < 10 || period.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("expiry period " + period + " is invalid: use 10 ms to 365 days, e.g. 24 hours");
            }
            this.expireAfter = period;
            return this;
        }

        /**
         * @param interval how often the sweeper looks for expired channels, 10 ms to 1 hour;
         *     default an eighth of the expiry period, from 10 ms to 1 minute
         * @return this builder
         */
        public Builder sweepInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 10 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("sweep interval " + interval + " is invalid: use 10 ms to 1 hour");
            }
            this.sweepInterval = interval;
            return this;
        }

        /**
         * @param max the most channels one owner may have, at least 1; default 64
         * @return this builder
         */
        public Builder maxChannelsPerOwner(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max channels per owner " + max + " is invalid: use at least 1");
            }
            this.maxChannelsPerOwner = max;
            return this;
        }

        /**
         * The most channels in all, whoever owns them: with owners named by keys a client makes up
         * (any {@code Bearer} key names an owner under the default authorizer), the per-owner limit
         * alone bounds nothing. A registration past it is refused with {@code 503}; expired channels
         * are swept first.
         *
         * @param max the most channels, at least 1; default {@value ChannelRegistry#DEFAULT_MAX_CHANNELS}
         * @return this builder
         */
        public Builder maxChannels(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max channels " + max + " is invalid: use at least 1");
            }
            this.maxChannels = max;
            return this;
        }

        /**
         * @param max the most topics one channel may read
         * @return this builder
         * @deprecated use {@link #maxTopics(int)}, the name SSE and WebSocket settings use for the
         *     most topics of one stream or connection
         */
        @Deprecated
        public Builder maxTopicsPerChannel(int max) {
            return maxTopics(max);
        }

        /**
         * @param max the most topics one channel may read, at least 1; default 32
         * @return this builder
         */
        public Builder maxTopics(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max topics per channel " + max + " is invalid: use at least 1");
            }
            this.maxTopicsPerChannel = max;
            return this;
        }

        /**
         * @param source the clock that expiry reads; default the system clock
         * @return this builder
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @return the registry, with its sweeper thread started */
        public ChannelRegistry build() {
            return new ChannelRegistry(this);
        }
    }
}
