package dev.ringcast.cluster.redis;

import dev.ringcast.core.EventHub;
import java.util.function.UnaryOperator;

/** One Ringcast node of a test: a hub over its own Redis event log factory (its own connections). */
record Node(String name, EventHub hub, RedisEventLogFactory redis) implements AutoCloseable {

    static Node start(String name, String redisUri) {
        return start(name, redisUri, b -> b);
    }

    static Node start(String name, String redisUri, UnaryOperator<RedisEventLogFactory.Builder> settings) {
        return start(name, redisUri, settings, 64);
    }

    /** A node whose topics' rings hold {@code ring} events (64 by default: a small ring shows the history path). */
    static Node start(String name, String redisUri, UnaryOperator<RedisEventLogFactory.Builder> settings, int ring) {
        RedisEventLogFactory redis = settings.apply(RedisEventLogFactory.builder(redisUri).clientName(name)).build();
        EventHub hub = EventHub.builder().eventLog(redis).ringCapacity(ring).dispatchThreads(1)
                .threadNamePrefix(name + "-dispatch-").build();
        return new Node(name, hub, redis);
    }

    @Override
    public void close() {
        hub.close();
        redis.close();
    }
}
