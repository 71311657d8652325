package dev.ringcast.cluster.redis;

/**
 * Counters of one {@link RedisEventLogFactory} (one node) since it was built: what it asked of
 * Redis and what it learned. Tests and benchmarks count Redis reads with them.
 *
 * @param appends events appended through this node
 * @param liveMessages live messages received for topics open on this node
 * @param syncs reads of a topic's epoch and newest id (opening a topic, checking a client's id
 *     above the newest this node knows, after a reconnect)
 * @param backfills fetches of history older than a topic's local ring, each shared by every
 *     reader that waited for it
 * @param backfillReads range reads those fetches took (one per page of at most
 *     {@value RedisEventLogFactory#PAGE} events, pipelined)
 * @param gapFills fetches of live events this node missed (a lost connection, say)
 * @param gapReads range reads those fetches took
 * @param epochChanges times a topic's history in Redis turned out to be a new one (Redis lost
 *     its data), so that this node's readers of the old one were reset
 * @param resubscriptions partitions subscribed again after the live connection was lost
 * @param failedReads reads of Redis that failed and were retried
 */
public record RedisLogMetrics(long appends, long liveMessages, long syncs, long backfills, long backfillReads,
                              long gapFills, long gapReads, long epochChanges, long resubscriptions,
                              long failedReads) {
}
