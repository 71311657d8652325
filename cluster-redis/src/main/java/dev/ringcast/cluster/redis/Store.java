package dev.ringcast.cluster.redis;

import java.util.concurrent.CompletableFuture;

/**
 * What a {@link RedisEventLog} asks of Redis: one interface, so that the log's own logic (shared
 * backfills, gap fills, epochs) is tested against a store that counts and delays its calls.
 * Implementations are thread-safe; futures may complete on any thread.
 */
interface Store {

    /**
     * Appends an event: assigns its id, stores it in the topic's stream and publishes it on its
     * partition, atomically.
     *
     * @param keys the topic's keys
     * @param retained the stream's length to trim to, at least ({@code MAXLEN ~})
     * @param entry the event as {@link EventCodec} encodes it
     * @return the id
     * @throws RedisUnavailableException if Redis cannot be reached or refused the append
     */
    long append(TopicKeys keys, int retained, byte[] entry);

    /**
     * Reads a topic's epoch and newest id, starting a new epoch if Redis holds none.
     *
     * @param keys the topic's keys
     * @return the epoch's first id and the newest id
     */
    CompletableFuture<Meta> sync(TopicKeys keys);

    /**
     * Reads the entries with ids in {@code (afterId, toId]}, with the topic's epoch and the id of
     * the oldest entry the stream still holds, in one atomic step.
     *
     * @param keys the topic's keys
     * @param afterId exclusive
     * @param toId inclusive
     * @return what Redis holds there
     */
    CompletableFuture<Range> range(TopicKeys keys, long afterId, long toId);

    /**
     * A topic's epoch in Redis.
     *
     * @param first the first id of the epoch: its start in microseconds, from Redis's clock
     * @param last the newest id; {@code first - 1} before the first event
     */
    record Meta(long first, long last) {
    }

    /**
     * Entries of a topic's stream.
     *
     * @param meta the epoch, or null when Redis has none for the topic (it lost it)
     * @param afterId the range asked for, exclusive
     * @param toId inclusive
     * @param streamFirst the oldest id the stream holds, 0 when it holds none
     * @param ids the entries' ids, ascending
     * @param entries the entries, encoded by {@link EventCodec}
     */
    record Range(Meta meta, long afterId, long toId, long streamFirst, long[] ids, byte[][] entries) {
    }
}
