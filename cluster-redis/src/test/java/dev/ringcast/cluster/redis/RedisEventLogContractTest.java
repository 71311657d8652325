package dev.ringcast.cluster.redis;

import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.contract.EventLogContract;
import dev.ringcast.testkit.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The event log contract, run against the Redis log: two nodes (two factories, each with its own
 * connections) over one real redis-server; a restart is Redis restarted empty.
 */
class RedisEventLogContractTest extends EventLogContract {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected Store newStore() {
        // historyLength 1: each topic's window is its ring capacity, the size the tests ask for.
        List<RedisEventLogFactory> nodes = List.of(node("contract-0"), node("contract-1"));
        return new Store() {
            @Override
            public EventLog open(int node, String topic, int retained, Runnable onAppend) {
                return nodes.get(node).open(topic, TopicConfig.defaults().withRingCapacity(retained), onAppend);
            }

            @Override
            public int nodes() {
                return nodes.size();
            }

            @Override
            public void restart() {
                redis.restart();
                Nodes.awaitConnected(nodes);
            }

            @Override
            public void close() {
                nodes.forEach(RedisEventLogFactory::close);
            }
        };
    }

    private static RedisEventLogFactory node(String name) {
        return RedisEventLogFactory.builder(redis.uri()).clientName(name).historyLength(1).build();
    }
}
