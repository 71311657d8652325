package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.websocket.ChannelInfo;
import dev.ringcast.websocket.RingcastCloseCodes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The channels of a registry, keyed by owner and name, with the sweeper that expires idle ones.
 *
 * <p>Owners are often bearer keys ({@link ChannelOwners}): the table keeps only their SHA-256
 * digests ({@link OwnerKey}), never the keys, and a channel found by its digest is checked
 * against the caller's with a constant-time comparison.
 *
 * <p>Thread-safe. Lookups read a concurrent map; creating, removing and re-registering hold the
 * table's lock (they are rare), so per-owner counts stay exact. The sweeper thread starts in the
 * constructor and stops in {@link #close()}.
 */
public final class ChannelTable implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelTable.class.getName());

    /**
     * What {@link #register} did.
     *
     * @param channel the channel after registration
     * @param created true if it did not exist before
     */
    public record Registration(ChannelInfo channel, boolean created) {
    }

    private record Key(String owner, String name) {
        Key(OwnerKey owner, String name) {
            this(owner.hex(), name);
        }
    }

    private final EventHub hub;
    private final Duration expireAfter;
    private final int maxChannelsPerOwner;
    private final int maxChannels;
    private final int maxTopics;
    private final InstantSource clock;
    private final ScheduledExecutorService sweeper;

    private final ConcurrentHashMap<Key, Channel> channels = new ConcurrentHashMap<>();
    // Guarded by this.
    private final Map<String, Integer> perOwner = new HashMap<>();
    private volatile boolean closed;

    /**
     * @param hub the hub whose topics the channels read
     * @param expireAfter how long a channel may go without a connection
     * @param sweepInterval how often to look for expired channels
     * @param maxChannelsPerOwner the most channels one owner may have
     * @param maxChannels the most channels in all
     * @param maxTopics the most topics one channel may read
     * @param clock the clock of expiry
     */
    public ChannelTable(EventHub hub, Duration expireAfter, Duration sweepInterval, int maxChannelsPerOwner,
                        int maxChannels, int maxTopics, InstantSource clock) {
        this.hub = hub;
        this.expireAfter = expireAfter;
        this.maxChannelsPerOwner = maxChannelsPerOwner;
        this.maxChannels = maxChannels;
        this.maxTopics = maxTopics;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringcast-channel-expiry");
            t.setDaemon(true);
            return t;
        });
        long every = sweepInterval.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
    }

    /** @return the hub */
    public EventHub hub() {
        return hub;
    }

    /**
     * Creates a channel or sets the topics of an existing one.
     *
     * @param owner who owns it
     * @param name its name
     * @param topics its topics; may be empty
     * @return the channel and whether it was created
     * @throws IllegalArgumentException if a name is invalid or there are too many topics
     * @throws IllegalStateException if the owner has too many channels, or the table is closed
     * @throws LimitExceededException (503) if the table holds its most channels and this one is
     *     new, or the hub its most topics and a topic is new
     */
    public Registration register(String owner, String name, List<String> topics) {
        checkName(name);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String t : topics) {
            distinct.add(EventNames.checkTopic(t));
        }
        if (distinct.size() > maxTopics) {
            throw new IllegalArgumentException(distinct.size() + " topics given, over the limit of " + maxTopics
                    + " per channel: give fewer");
        }
        synchronized (this) {
            checkOpen();
            OwnerKey ownerKey = OwnerKey.of(owner);
            Key key = new Key(ownerKey, name);
            Channel channel = live(key, ownerKey);
            boolean created = channel == null;
            if (created) {
                int count = perOwner.getOrDefault(key.owner(), 0);
                if (count >= maxChannelsPerOwner) {
                    throw new IllegalStateException("you have " + count + " channels, the most allowed: delete one first");
                }
                if (channels.size() >= maxChannels) {
                    expireIdle();
                }
                if (channels.size() >= maxChannels) {
                    throw new LimitExceededException("the server holds its most channels (" + maxChannels
                            + "): try again later; its operator can raise ChannelRegistry.builder(..).maxChannels(..)", 503);
                }
                channel = new Channel(ownerKey, name, hub, clock);
                channels.put(key, channel);
                perOwner.merge(key.owner(), 1, Integer::sum);
            }
            try {
                channel.setTopics(new ArrayList<>(distinct));
            } catch (RuntimeException e) {
                if (created) {
                    forget(key); // a new channel whose topics the hub refused is not kept
                }
                throw e;
            }
            return new Registration(channel.info(expireAfter), created);
        }
    }

    /**
     * @param owner who asks
     * @param name the channel's name
     * @return the channel's snapshot, if the owner has such a channel and it has not expired
     */
    public Optional<ChannelInfo> get(String owner, String name) {
        Channel channel = find(owner, name);
        return channel == null ? Optional.empty() : Optional.of(channel.info(expireAfter));
    }

    /**
     * @param owner who asks
     * @return the owner's channels, by name
     */
    public List<ChannelInfo> list(String owner) {
        checkOpen();
        List<ChannelInfo> all = new ArrayList<>();
        long now = clock.millis();
        OwnerKey ownerKey = OwnerKey.of(owner);
        for (Channel c : channels.values()) {
            if (c.owner().matches(ownerKey) && !c.isExpired(now, expireAfter)) {
                all.add(c.info(expireAfter));
            }
        }
        all.sort(java.util.Comparator.comparing(ChannelInfo::name));
        return all;
    }

    /**
     * Deletes a channel; its connection, if open, is closed with {@link RingcastCloseCodes#CHANNEL_GONE}.
     *
     * @param owner who asks
     * @param name the channel's name
     * @return false if the owner has no such channel
     */
    public boolean delete(String owner, String name) {
        Channel channel;
        synchronized (this) {
            checkOpen();
            OwnerKey ownerKey = OwnerKey.of(owner);
            channel = live(new Key(ownerKey, name), ownerKey);
            if (channel == null) {
                return false;
            }
            forget(new Key(ownerKey, name));
        }
        channel.remove(RingcastCloseCodes.CHANNEL_GONE, "channel \"" + name + "\" was deleted");
        return true;
    }

    /**
     * A live channel for a connection to attach to.
     *
     * @param owner its owner
     * @param name its name
     * @return the channel, or null if there is none (or it has expired)
     */
    public Channel find(String owner, String name) {
        checkOpen();
        OwnerKey ownerKey = OwnerKey.of(owner);
        Key key = new Key(ownerKey, name);
        Channel channel = channels.get(key);
        if (channel == null || !channel.owner().matches(ownerKey)) {
            return null;
        }
        if (channel.isExpired(clock.millis(), expireAfter)) {
            synchronized (this) {
                return live(key, ownerKey);
            }
        }
        return channel;
    }

    /**
     * Removes every channel idle for longer than the expiry period, dropping its cursors.
     *
     * @return how many expired
     */
    public synchronized int expireIdle() {
        int expired = 0;
        long now = clock.millis();
        for (Map.Entry<Key, Channel> e : new ArrayList<>(channels.entrySet())) {
            if (e.getValue().isExpired(now, expireAfter)) {
                forget(e.getKey());
                e.getValue().remove(RingcastCloseCodes.CHANNEL_GONE, "channel expired");
                expired++;
            }
        }
        return expired;
    }

    /** @return how many channels exist, expired ones not yet swept included */
    public int size() {
        return channels.size();
    }

    /** @return true once closed */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the sweeper and closes every channel's connection with 1001; idempotent. */
    @Override
    public void close() {
        List<Channel> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(channels.values());
            channels.clear();
            perOwner.clear();
        }
        sweeper.shutdownNow();
        for (Channel c : all) {
            c.remove(RingcastCloseCodes.GOING_AWAY, "the server is shutting down: reconnect later");
        }
    }

    private void sweep() {
        try {
            if (!closed) {
                expireIdle();
            }
        } catch (RuntimeException e) {
            // the hub may be closing; the next sweep tries again
            LOG.log(System.Logger.Level.DEBUG, "channel expiry sweep failed", e);
        }
    }

    /** Under the lock: the owner's channel if it exists and has not expired; an expired one is removed. */
    private Channel live(Key key, OwnerKey owner) {
        Channel channel = channels.get(key);
        if (channel != null && !channel.owner().matches(owner)) {
            return null;
        }
        if (channel != null && channel.isExpired(clock.millis(), expireAfter)) {
            forget(key);
            channel.remove(RingcastCloseCodes.CHANNEL_GONE, "channel expired");
            return null;
        }
        return channel;
    }

    private void forget(Key key) {
        if (channels.remove(key) != null) {
            perOwner.computeIfPresent(key.owner(), (o, n) -> n == 1 ? null : n - 1);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the channel registry is closed");
        }
    }

    static void checkName(String name) {
        if (!EventNames.isValidTopic(name)) {
            throw new IllegalArgumentException(EventNames.invalidName("channel name", name));
        }
    }
}
