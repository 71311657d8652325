package dev.ringcast.core;

import dev.ringcast.core.internal.ByteBudget;
import dev.ringcast.core.internal.RingLog;
import dev.ringcast.core.log.EventLogFactory;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Configures and builds an {@link EventHub}. Every setting has a sane default, so
 * {@code EventHub.builder().build()} is a working hub. Not thread-safe; build once.
 */
public final class EventHubBuilder {

    /** The default largest batch handed to a sink at once. */
    public static final int DEFAULT_MAX_BATCH = 1024;

    /** The default largest encoded data of one event: 256 KiB. */
    public static final int DEFAULT_MAX_DATA_BYTES = 256 * 1024;

    /** The default of {@link #maxTopics(int)}. */
    public static final int DEFAULT_MAX_TOPICS = 10_000;

    /** The default of {@link #maxBatchBytes(int)}: 256 KiB. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;

    TopicConfig topicDefaults = TopicConfig.defaults();
    final Map<String, TopicConfig> topicOverrides = new HashMap<>();
    int dispatchThreads = Runtime.getRuntime().availableProcessors();
    int maxBatch = DEFAULT_MAX_BATCH;
    int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    int maxTopics = DEFAULT_MAX_TOPICS;
    long maxRetainedBytes = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    ByteBudget budget;
    int maxDataBytes = DEFAULT_MAX_DATA_BYTES;
    DataCodec codec;
    EventLogFactory eventLog;
    InstantSource clock = InstantSource.system();
    String threadNamePrefix = "ringcast-dispatch-";

    EventHubBuilder() {
    }

    /**
     * Sets the ring capacity of every topic without an override.
     *
     * @param capacity a power of two, default {@value TopicConfig#DEFAULT_RING_CAPACITY}
     * @return this builder
     * @throws IllegalArgumentException if it is not a power of two from 2 to 2^24
     */
    public EventHubBuilder ringCapacity(int capacity) {
        topicDefaults = topicDefaults.withRingCapacity(capacity);
        return this;
    }

    /**
     * Sets the defaults of every topic without an override.
     *
     * @param defaults the settings
     * @return this builder
     */
    public EventHubBuilder topicDefaults(TopicConfig defaults) {
        if (defaults == null) {
            throw new IllegalArgumentException("topic defaults are null: use TopicConfig.defaults()");
        }
        topicDefaults = defaults;
        return this;
    }

    /**
     * Overrides the settings of one topic, starting from the defaults in force when the hub is
     * built: {@code .topic("prices", c -> c.withRingCapacity(64))}.
     *
     * @param topic the topic's name
     * @param settings changes the defaults into this topic's settings
     * @return this builder
     */
    public EventHubBuilder topic(String topic, UnaryOperator<TopicConfig> settings) {
        EventNames.checkTopic(topic);
        TopicConfig config = settings.apply(topicDefaults);
        if (config == null) {
            throw new IllegalArgumentException("settings of topic \"" + topic + "\" returned null");
        }
        topicOverrides.put(topic, config);
        return this;
    }

    /**
     * Sets the size of the dispatch pool that drains subscriptions.
     *
     * @param threads at least 1; default the number of cores
     * @return this builder
     */
    public EventHubBuilder dispatchThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("dispatch threads " + threads + " is invalid: use 1 to 1024");
        }
        dispatchThreads = threads;
        return this;
    }

    /**
     * Sets the largest batch handed to a sink at once: a subscriber behind by less gets its
     * whole backlog in one call (one write, one flush).
     *
     * @param events at least 1; default {@value #DEFAULT_MAX_BATCH}
     * @return this builder
     */
    public EventHubBuilder maxBatch(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("max batch " + events + " is invalid: use at least 1");
        }
        maxBatch = events;
        return this;
    }

    /**
     * Sets the most event data, in bytes, handed to a sink in one batch (an event larger than
     * this alone still goes, in a batch of its own). It bounds what one connection can hold
     * pending: a client that stops reading pins at most one batch of events, however large they
     * are, and never a copy of the ring.
     *
     * @param bytes at least 1; default {@value #DEFAULT_MAX_BATCH_BYTES}
     * @return this builder
     */
    public EventHubBuilder maxBatchBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max batch bytes " + bytes + " is invalid: use at least 1");
        }
        maxBatchBytes = bytes;
        return this;
    }

    /**
     * Sets the most event data, in bytes, all the hub's topics retain together (with the default
     * in-memory log). An append that leaves the hub over it drops its own topic's oldest events,
     * down to the new one if need be: readers that still needed them get a {@code TOO_OLD} reset.
     * Each topic also has a budget of its own ({@link TopicConfig#maxBytes()}). Cached wire frames
     * come on top, about once more per transport in use.
     *
     * @param bytes at least 1; default a quarter of the JVM's maximum heap (at least 64 MiB)
     * @return this builder
     */
    public EventHubBuilder maxRetainedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max retained bytes " + bytes + " is invalid: use at least 1");
        }
        maxRetainedBytes = bytes;
        return this;
    }

    /**
     * Sets the most topics the hub holds. A topic that holds no event and that no subscription
     * reads (one a reader named but nobody published to, say) is evicted to make room for a new
     * one; when none is idle, creating a topic throws {@link LimitExceededException} (status 503).
     * An empty topic costs about 5.5 KiB with the default ring.
     *
     * @param topics at least 1; default {@value #DEFAULT_MAX_TOPICS}
     * @return this builder
     */
    public EventHubBuilder maxTopics(int topics) {
        if (topics < 1) {
            throw new IllegalArgumentException("max topics " + topics + " is invalid: use at least 1");
        }
        maxTopics = topics;
        return this;
    }

    /**
     * Sets the largest encoded data of one event; larger publishes are refused.
     *
     * @param bytes at least 4 (a JSON {@code null}); default {@value #DEFAULT_MAX_DATA_BYTES}
     * @return this builder
     */
    public EventHubBuilder maxDataBytes(int bytes) {
        if (bytes < 4) {
            throw new IllegalArgumentException("max data bytes " + bytes + " is invalid: use at least 4");
        }
        maxDataBytes = bytes;
        return this;
    }

    /**
     * Sets how published data is encoded to JSON; default {@link JacksonDataCodec}.
     *
     * @param dataCodec the codec
     * @return this builder
     */
    public EventHubBuilder codec(DataCodec dataCodec) {
        if (dataCodec == null) {
            throw new IllegalArgumentException("codec is null: use new JacksonDataCodec()");
        }
        codec = dataCodec;
        return this;
    }

    /**
     * Sets where topics store their events; default the in-memory ring.
     *
     * @param factory opens each topic's log
     * @return this builder
     */
    public EventHubBuilder eventLog(EventLogFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("event log factory is null: leave it unset for the in-memory ring");
        }
        eventLog = factory;
        return this;
    }

    /**
     * Sets the clock for timestamps and for the first id of in-memory rings (see {@link EventHub}
     * on ids). Tests use it to simulate a restart.
     *
     * @param instantSource the clock; default the system clock
     * @return this builder
     */
    public EventHubBuilder clock(InstantSource instantSource) {
        if (instantSource == null) {
            throw new IllegalArgumentException("clock is null: use InstantSource.system()");
        }
        clock = instantSource;
        return this;
    }

    /**
     * Sets the prefix of the dispatch threads' names.
     *
     * @param prefix the prefix, default {@code ringcast-dispatch-}
     * @return this builder
     */
    public EventHubBuilder threadNamePrefix(String prefix) {
        threadNamePrefix = prefix;
        return this;
    }

    /**
     * Builds the hub and starts its dispatch threads.
     *
     * @return the hub; close it when done
     */
    public EventHub build() {
        if (codec == null) {
            codec = new JacksonDataCodec();
        }
        budget = new ByteBudget(maxRetainedBytes);
        if (eventLog == null) {
            eventLog = RingLog.factory(clock, budget);
        }
        return new EventHub(this);
    }
}
