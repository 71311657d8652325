package dev.ringcast.jetty;

import dev.ringcast.cluster.redis.RedisEventLogFactory;
import dev.ringcast.core.log.EventLogFactory;

/**
 * The standalone server's {@code --redis}: connects this node to the cluster's Redis. A class of
 * its own, so that the Redis client (an optional dependency of this module) is loaded only when
 * the flag is given.
 */
final class ClusterMode {

    private ClusterMode() {
    }

    /**
     * A connected node.
     *
     * @param factory the event log the hub keeps its topics in; the server closes it
     * @param address where Redis is
     */
    record Node(EventLogFactory factory, String address) {
    }

    static Node connect(String uri, int historyLength, String nodeName) {
        try {
            RedisEventLogFactory redis = RedisEventLogFactory.builder(uri).historyLength(historyLength)
                    .clientName(nodeName).build();
            return new Node(redis, redis.redisAddress());
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("--redis needs Ringcast's cluster-redis module on the class path "
                    + "(the standalone jar has it): " + e.getMessage(), e);
        }
    }
}
