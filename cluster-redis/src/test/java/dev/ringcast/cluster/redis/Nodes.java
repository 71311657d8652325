package dev.ringcast.cluster.redis;

import java.util.List;

/** Helpers for tests that run several nodes. */
final class Nodes {

    private Nodes() {
    }

    /** Waits until every node's connections are up again (after Redis restarted, say). */
    static void awaitConnected(List<RedisEventLogFactory> nodes) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!nodes.stream().allMatch(RedisEventLogFactory::isConnected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the nodes did not reconnect to Redis within 15 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
