/**
 * Ringcast on Redis: {@link dev.ringcast.cluster.redis.RedisEventLogFactory} is an
 * {@link dev.ringcast.core.log.EventLogFactory} whose topics keep their history in Redis streams and
 * receive live events over sharded Pub/Sub partitions, so that many servers share one id space per
 * topic. See the module's README for ids, epochs, partitions, the local cache and failures.
 */
package dev.ringcast.cluster.redis;
