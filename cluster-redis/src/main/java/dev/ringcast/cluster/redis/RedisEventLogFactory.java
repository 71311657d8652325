package dev.ringcast.cluster.redis;

import dev.ringcast.core.Event;
import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topics whose logs live in Redis, so that several Ringcast servers (nodes) behind a load
 * balancer share one id space per topic: an event published on any node reaches subscribers on
 * every node, and a client resumes on any node with the id it last saw.
 *
 * <pre>{@code
 * RedisEventLogFactory redis = RedisEventLogFactory.builder("redis://10.0.0.5:6379").build();
 * EventHub hub = EventHub.builder().eventLog(redis).build();
 * ...
 * hub.close();
 * redis.close();
 * }</pre>
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>History</b>: each topic has a Redis stream, trimmed to about {@link Builder#historyLength}
 *       events, and a small hash with the newest id. One script assigns the next id, appends the
 *       event and publishes it, atomically: every node sees the same id for an event, and an
 *       append either happened entirely or not at all.</li>
 *   <li><b>Ids and epochs</b>: a topic's ids start at Redis's clock in microseconds when Redis
 *       first holds the topic, then count up by one, below 2<sup>53</sup>. If Redis loses its data,
 *       the topic starts again at a later time and so at higher ids: a client's id from before is
 *       recognised as not from this history, and the client is reset, never moved silently.</li>
 *   <li><b>Live delivery</b>: topics are spread over a fixed number of partitions (sharded Pub/Sub
 *       channels); every node subscribes to every partition once, so what Redis does for live
 *       delivery grows with the events published, not with the topics that exist. A node keeps a
 *       ring of each open topic's newest events and serves its subscribers from it.</li>
 *   <li><b>Resume</b>: an id in the local ring is served locally; an older one from Redis, one
 *       read shared by every reader of the topic that waits for it, then the local ring, with no
 *       gap and no duplicate.</li>
 *   <li><b>Failures</b>: publishing while Redis is unreachable throws
 *       {@link RedisUnavailableException} (503) at once. The connections reconnect by themselves
 *       with exponential backoff; afterwards every open topic asks Redis where it stands and
 *       fetches what its node missed, or resets its readers if Redis no longer holds it.</li>
 * </ul>
 *
 * <p>Give each hub its own factory; build it once per node and close it after the hub. Every node
 * of a cluster must use the same {@link Builder#partitions partitions} and
 * {@link Builder#keyPrefix key prefix}. A topic's {@link TopicConfig#firstId()} does not apply:
 * Redis's clock gives the first id. Thread-safe.
 */
public final class RedisEventLogFactory implements EventLogFactory, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisEventLogFactory.class.getName());

    /** The most events one range read fetches; a fetch of more pipelines several. */
    public static final int PAGE = 256;

    private final Builder settings;
    private final String where;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final StatefulRedisPubSubConnection<byte[], byte[]> live;
    private final Store store;
    private final ScheduledThreadPoolExecutor timer;
    private final Scheduler scheduler;
    private final RedisEventLog.Settings logSettings;
    private final Counters counters = new Counters();
    /** Open logs by topic: usually one; two while the hub replaces an evicted topic. */
    private final ConcurrentHashMap<String, RedisEventLog[]> logs = new ConcurrentHashMap<>();
    /** The open logs that hold history read from Redis: the only ones the sweep visits. */
    private final java.util.Set<RedisEventLog> withHistory = ConcurrentHashMap.newKeySet();
    private final byte[][] channels;
    private final Map<String, Integer> partitionOfChannel = new ConcurrentHashMap<>();
    private final AtomicInteger[] subscriptions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean resyncPending = new AtomicBoolean();

    private RedisEventLogFactory(Builder b) {
        this.settings = b;
        RedisURI uri = RedisURI.create(b.uri);
        uri.setClientName(b.clientName);
        uri.setTimeout(b.connectTimeout); // connecting and the handshake; commands have their own timeout
        this.where = uri.getHost() + ":" + uri.getPort();
        this.logSettings = new RedisEventLog.Settings(b.backfillGather.toMillis(), b.gapDelay.toMillis(),
                b.retryDelay.toMillis(), b.historyCacheIdle.toMillis(), PAGE, b.commandTimeout.toMillis());
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(b.reconnectMin, b.reconnectMax, 2, TimeUnit.MILLISECONDS))
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        // Many publishers write at once: one socket write per event-loop pass
                        // for all their commands, not one per command.
                        channel.pipeline().addFirst(new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                    }
                })
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // RESP2: live messages are plain Pub/Sub replies, about a third cheaper to receive
                // than RESP3 push messages (measured: 24 against 35 µs of CPU per message).
                .protocolVersion(ProtocolVersion.RESP2)
                // Fail a publish at once while Redis is unreachable, rather than queue it.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(b.connectTimeout).keepAlive(true).build())
                .build());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ringcast-redis-" + b.clientName);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = (task, delayMillis) -> {
            Runnable safe = () -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "a Redis log task failed", e);
                }
            };
            try {
                if (delayMillis <= 0) {
                    timer.execute(safe);
                } else {
                    timer.schedule(safe, delayMillis, TimeUnit.MILLISECONDS);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: nothing more to do
            }
        };
        this.channels = new byte[b.partitions][];
        this.subscriptions = new AtomicInteger[b.partitions];
        for (int p = 0; p < b.partitions; p++) {
            channels[p] = TopicKeys.channel(b.keyPrefix, p);
            partitionOfChannel.put(new String(channels[p], StandardCharsets.US_ASCII), p);
            subscriptions[p] = new AtomicInteger();
        }
        StatefulRedisConnection<byte[], byte[]> cmd = null;
        StatefulRedisPubSubConnection<byte[], byte[]> sub = null;
        try {
            cmd = client.connect(ByteArrayCodec.INSTANCE);
            sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            sub.addListener(new Listener());
            sub.sync().ssubscribe(channels);
        } catch (RuntimeException e) {
            if (sub != null) {
                sub.close();
            }
            if (cmd != null) {
                cmd.close();
            }
            timer.shutdownNow();
            shutdownClient();
            throw new IllegalStateException("cannot reach Redis at " + where + " (" + e.getMessage()
                    + "): start Redis, or check the address (redis://host:port)", e);
        }
        this.commands = cmd;
        this.live = sub;
        this.store = new LettuceStore(commands, where, b.commandTimeout.toMillis(),
                b.historyTtl == null ? 0 : b.historyTtl.toMillis());
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * @param uri where Redis is, such as {@code redis://127.0.0.1:6379} (also {@code rediss://} and
     *     {@code redis://:password@host:port/db})
     * @return a builder with the defaults
     */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public EventLog open(String topic, TopicConfig config, Runnable onAppend) {
        if (closed.get()) {
            throw new IllegalStateException("the Redis event log factory is closed");
        }
        TopicKeys keys = new TopicKeys(settings.keyPrefix, topic, settings.partitions);
        int window = Math.max(settings.historyLength, config.ringCapacity());
        RedisEventLog log = new RedisEventLog(keys, config.ringCapacity(), window, store, scheduler, logSettings,
                counters, onAppend, this::unregister, withHistory::add);
        // Registered before its first sync, so that live events racing with it are kept.
        logs.compute(topic, (t, open) -> open == null ? new RedisEventLog[] {log} : append(open, log));
        try {
            log.start();
        } catch (RuntimeException e) {
            unregister(log);
            throw e;
        }
        return log;
    }

    private static RedisEventLog[] append(RedisEventLog[] open, RedisEventLog log) {
        RedisEventLog[] more = Arrays.copyOf(open, open.length + 1);
        more[open.length] = log;
        return more;
    }

    private void unregister(RedisEventLog log) {
        withHistory.remove(log);
        logs.computeIfPresent(log.topic(), (t, open) -> {
            RedisEventLog[] rest = Arrays.stream(open).filter(l -> l != log).toArray(RedisEventLog[]::new);
            return rest.length == 0 ? null : rest;
        });
    }

    /** @return the counters of this node's Redis traffic */
    public RedisLogMetrics metrics() {
        return counters.snapshot();
    }

    /** @return true while both connections to Redis are up */
    public boolean isConnected() {
        return commands.isOpen() && live.isOpen();
    }

    /** @return where Redis is, as {@code host:port} */
    public String redisAddress() {
        return where;
    }

    /**
     * Closes the connections and stops the factory's thread. Close the hub first: its logs stop
     * with the factory.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        live.close();
        commands.close();
        shutdownClient();
    }

    private void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Drops idle history, visiting only the logs that hold some (not every open topic). */
    private void sweep() {
        long now = System.currentTimeMillis();
        for (RedisEventLog log : withHistory) {
            // Out first, back in if it still holds some: a block added meanwhile adds it again.
            withHistory.remove(log);
            if (log.sweep(now)) {
                withHistory.add(log);
            }
        }
    }

    /** Test hook: the log of a topic this factory has open, or null. */
    RedisEventLog openLog(String topic) {
        RedisEventLog[] open = logs.get(topic);
        return open == null ? null : open[open.length - 1];
    }

    /** Live messages and (re)subscriptions, on the client's I/O thread. */
    private final class Listener extends RedisPubSubAdapter<byte[], byte[]> {

        @Override
        public void smessage(byte[] channel, byte[] message) {
            EventCodec.Live header;
            try {
                header = EventCodec.decodeLiveHeader(message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ignored a live message that Ringcast did not write: " + e.getMessage());
                return;
            }
            RedisEventLog[] open = logs.get(header.topic());
            if (open == null) {
                return; // nobody here reads or writes the topic
            }
            counters.liveMessages.increment();
            // Decoded once, and only if some log keeps events: most topics open on a node have no
            // reader there, and only their head is followed.
            Event[] decoded = new Event[1];
            java.util.function.Supplier<Event> event = () -> {
                if (decoded[0] == null) {
                    decoded[0] = EventCodec.decode(header.topic(), header.id(), message, header.entryFrom());
                }
                return decoded[0];
            };
            for (RedisEventLog log : open) {
                try {
                    log.onLive(header.id(), event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignored a live message of topic \"" + header.topic()
                            + "\" that cannot be read: " + e.getMessage());
                    return;
                }
            }
        }

        @Override
        public void ssubscribed(byte[] channel, long count) {
            Integer p = partitionOfChannel.get(new String(channel, StandardCharsets.US_ASCII));
            if (p == null || subscriptions[p].getAndIncrement() == 0) {
                return; // the first subscription: nothing was missed before it
            }
            // Subscribed again after the connection was lost: messages may have been missed. Every
            // partition is subscribed again by one command, so when the first confirmation arrives
            // all are: one pass over the open topics serves them all.
            counters.resubscriptions.increment();
            if (resyncPending.compareAndSet(false, true)) {
                scheduler.schedule(() -> {
                    resyncPending.set(false);
                    for (RedisEventLog[] open : logs.values()) {
                        for (RedisEventLog log : open) {
                            log.resync();
                        }
                    }
                }, 0);
            }
        }
    }

    /** Settings of a {@link RedisEventLogFactory}. Not thread-safe; build once. */
    public static final class Builder {
        private final String uri;
        private int partitions = 128;
        private int historyLength = TopicConfig.DEFAULT_RING_CAPACITY;
        private String keyPrefix = "ringcast";
        private String clientName = "ringcast";
        private Duration commandTimeout = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration historyTtl;
        private Duration reconnectMin = Duration.ofMillis(50);
        private Duration reconnectMax = Duration.ofSeconds(2);
        private Duration backfillGather = Duration.ofMillis(5);
        private Duration gapDelay = Duration.ofMillis(50);
        private Duration retryDelay = Duration.ofMillis(250);
        private Duration historyCacheIdle = Duration.ofSeconds(30);

        private Builder(String uri) {
            if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://")
                    || uri.startsWith("redis-socket://"))) {
                throw new IllegalArgumentException("Redis address " + uri
                        + " is invalid: use redis://host:port, such as redis://127.0.0.1:6379");
            }
            this.uri = uri;
        }

        /**
         * @param count how many live partitions topics are spread over: 1 to 16384, default 128; the
         *     same on every node. Each is a sharded Pub/Sub channel and a Redis Cluster hash slot
         * @return this builder
         */
        public Builder partitions(int count) {
            if (count < 1 || count > 16384) {
                throw new IllegalArgumentException("partitions " + count + " is invalid: use 1 to 16384, such as 128");
            }
            this.partitions = count;
            return this;
        }

        /**
         * @param events how many events of each topic Redis keeps at least for clients that resume
         *     (a topic whose ring is larger keeps its ring's worth); default 1024
         * @return this builder
         */
        public Builder historyLength(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("history length " + events + " is invalid: use at least 1");
            }
            this.historyLength = events;
            return this;
        }

        /**
         * @param prefix what every key and channel starts with, default {@code ringcast}; no braces
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            if (prefix == null || prefix.isEmpty() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
                throw new IllegalArgumentException("key prefix \"" + prefix
                        + "\" is invalid: use a non-empty name without braces, such as ringcast");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * @param name the name this node's connections give Redis ({@code CLIENT LIST}), default
         *     {@code ringcast}; also names the factory's thread
         * @return this builder
         */
        public Builder clientName(String name) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
                throw new IllegalArgumentException("client name \"" + name
                        + "\" is invalid: use printable ASCII without spaces, such as node-1");
            }
            this.clientName = name;
            return this;
        }

        /**
         * @param timeout how long a command (a publish) waits for Redis before it fails; default 1 s.
         *     While Redis is unreachable a publish fails at once, without waiting
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "command timeout");
            return this;
        }

        /**
         * @param timeout how long connecting to Redis may take, handshake included (a refused
         *     connection fails at once); default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * @param ttl how long a topic's keys live after its last event (or, for a topic without
         *     events, after it was opened); default forever. A topic whose keys expired starts a new
         *     epoch: clients that still hold its old ids are reset
         * @return this builder
         */
        public Builder historyTtl(Duration ttl) {
            this.historyTtl = positive(ttl, "history TTL");
            return this;
        }

        /**
         * @param min the first wait before reconnecting, default 50 ms
         * @param max the longest, default 2 s; the wait doubles in between
         * @return this builder
         */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = positive(min, "reconnect backoff");
            this.reconnectMax = positive(max, "reconnect backoff");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect backoff " + min + " to " + max
                        + " is invalid: the maximum is below the minimum");
            }
            return this;
        }

        /**
         * @param wait how long a backfill waits, after its first reader asked, for others to join it
         *     (a reconnect storm then costs one read per topic); default 5 ms
         * @return this builder
         */
        public Builder backfillGather(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("backfill gather " + wait + " is invalid: use 0 or more");
            }
            this.backfillGather = wait;
            return this;
        }

        /**
         * @param delay how long a gap in a topic's live events may stay open (events on their way)
         *     before the node reads them from Redis; default 50 ms
         * @return this builder
         */
        public Builder gapDelay(Duration delay) {
            this.gapDelay = positive(delay, "gap delay");
            return this;
        }

        /**
         * @param delay the wait before a failed read of Redis is tried again; default 250 ms
         * @return this builder
         */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = positive(delay, "retry delay");
            return this;
        }

        /**
         * @param idle how long history read from Redis stays cached on the node after its last
         *     reader; default 30 s
         * @return this builder
         */
        public Builder historyCacheIdle(Duration idle) {
            this.historyCacheIdle = positive(idle, "history cache idle time");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " " + d + " is invalid: use a positive duration");
            }
            return d;
        }

        /**
         * Connects to Redis and subscribes to the partitions.
         *
         * @return the factory; close it after the hub
         * @throws IllegalStateException if Redis cannot be reached, saying where it was looked for
         */
        public RedisEventLogFactory build() {
            return new RedisEventLogFactory(this);
        }
    }
}
