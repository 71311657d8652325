package dev.ringcast.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A topic's Redis keys. Every key of a topic, and the live channel of its partition, carries the
 * partition's hash tag, so the append script touches one Redis Cluster slot.
 *
 * <pre>
 * {prefix}:{P}:{topic}:meta     hash: first (the epoch's first id), last (the newest id)
 * {prefix}:{P}:{topic}:stream   stream: one entry per event, entry id {id}-0, field e
 * {prefix}:{P}:live             sharded Pub/Sub channel of partition P
 * </pre>
 *
 * <p>Immutable.
 */
final class TopicKeys {

    final String topic;
    final byte[] topicBytes;
    final int partition;
    final byte[] meta;
    final byte[] stream;
    final byte[] channel;

    TopicKeys(String prefix, String topic, int partitions) {
        this.topic = topic;
        this.topicBytes = topic.getBytes(StandardCharsets.US_ASCII);
        this.partition = partition(topicBytes, partitions);
        String base = prefix + ":{" + partition + "}:";
        this.meta = (base + topic + ":meta").getBytes(StandardCharsets.US_ASCII);
        this.stream = (base + topic + ":stream").getBytes(StandardCharsets.US_ASCII);
        this.channel = channel(prefix, partition);
    }

    /**
     * @param prefix the key prefix
     * @param partition the partition
     * @return the partition's live channel
     */
    static byte[] channel(String prefix, int partition) {
        return (prefix + ":{" + partition + "}:live").getBytes(StandardCharsets.US_ASCII);
    }

    /** The partition of a topic: CRC-32 of its name, so every node and every version agree. */
    static int partition(byte[] topic, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(topic);
        return (int) (crc.getValue() % partitions);
    }
}
