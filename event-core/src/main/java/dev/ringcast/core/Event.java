package dev.ringcast.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One published event: its topic, its id in that topic, its type, its data as encoded JSON and
 * the time it was published.
 *
 * <p>Immutable and safely shared between threads: every subscriber of a topic receives the same
 * instance. Frames built from it through {@link #frame(FrameFormat)} are cached on the event, so
 * each wire format is encoded once per event whatever the number of subscribers.
 */
public final class Event {

    /** The largest id an event may have: ids stay exact in JSON numbers (2<sup>53</sup> - 1). */
    public static final long MAX_ID = (1L << 53) - 1;

    /** One event in this many (those whose id it divides) carries a latency sample stamp; a power of two. */
    public static final int SAMPLE_EVERY = 16;

    private static final VarHandle FRAMES;

    static {
        try {
            FRAMES = MethodHandles.lookup().findVarHandle(Event.class, "frames", FrameNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String topic;
    private final long id;
    private final String type;
    private final byte[] data;
    private final long timestamp;
    // System.nanoTime() at creation for one event in SAMPLE_EVERY, else 0: the latency metrics'
    // sample, taken where the event is made so that no counter is shared between publishers.
    private final long sampledNanos;

    /** Cached frames; written with CAS, read with acquire. A list of one or two nodes in practice. */
    @SuppressWarnings("unused")
    private volatile FrameNode frames;

    private Event(String topic, long id, String type, byte[] data, long timestamp) {
        this.topic = topic;
        this.id = id;
        this.type = type;
        this.data = data;
        this.timestamp = timestamp;
        this.sampledNanos = (id & (SAMPLE_EVERY - 1)) == 0 ? System.nanoTime() : 0;
    }

    /**
     * Creates an event. For {@link dev.ringcast.core.log.EventLog} implementations: applications
     * publish through {@link EventHub#publish(String, String, Object)}.
     *
     * @param topic the topic's name, valid per {@link EventNames#checkTopic(String)}
     * @param id the event's id in its topic, 1 to {@link #MAX_ID}
     * @param type the event's type, valid per {@link EventNames#checkType(String)}
     * @param dataJson the data as UTF-8 JSON; the event takes ownership: do not modify it afterwards
     * @param timestamp when it was published, in milliseconds since the epoch
     * @return the event
     * @throws IllegalArgumentException if the id is out of range or a name is invalid
     */
    public static Event create(String topic, long id, String type, byte[] dataJson, long timestamp) {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("event id " + id + " is out of range: ids are 1 to 2^53-1");
        }
        if (dataJson == null) {
            throw new IllegalArgumentException("event data is null: encode a JSON null as the 4 bytes \"null\"");
        }
        return new Event(EventNames.checkTopic(topic), id, EventNames.checkType(type), dataJson, timestamp);
    }

    /** @return the topic's name */
    public String topic() {
        return topic;
    }

    /** @return the id, strictly increasing within the topic, at most {@link #MAX_ID} */
    public long id() {
        return id;
    }

    /** @return the type, never empty, without control characters */
    public String type() {
        return type;
    }

    /** @return when it was published, in milliseconds since the epoch */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The publish-to-write latency sample: for an event whose id is a multiple of
     * {@link #SAMPLE_EVERY}, {@link System#nanoTime()} when it was created (at publish, or when a
     * clustered log received it); 0 for the others. Only differences with another
     * {@code nanoTime()} of this JVM mean anything.
     *
     * @return the stamp, or 0
     */
    public long sampledNanos() {
        return sampledNanos;
    }

    /** @return the data as encoded JSON, read-only, positioned at 0 */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** @return the length of the encoded JSON data in bytes */
    public int dataLength() {
        return data.length;
    }

    /**
     * Copies the encoded JSON data into {@code dst}.
     *
     * @param dst the destination
     * @param offset where in {@code dst} to start
     */
    public void copyData(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    /** @return the data as a JSON string */
    public String dataJson() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Returns this event's frame in {@code format}, encoding it on first use and sharing it after.
     *
     * <p>Two threads asking at once may both encode, but both get the one instance that was cached.
     *
     * @param format the wire format, compared by identity
     * @param <T> the frame's type
     * @return the frame
     */
    @SuppressWarnings("unchecked")
    public <T> T frame(FrameFormat<T> format) {
        FrameNode head = (FrameNode) FRAMES.getAcquire(this);
        for (FrameNode n = head; n != null; n = n.next) {
            if (n.format == format) {
                return (T) n.frame;
            }
        }
        T encoded = format.encode(this);
        for (;;) {
            FrameNode node = new FrameNode(format, encoded, head);
            FrameNode witness = (FrameNode) FRAMES.compareAndExchangeRelease(this, head, node);
            if (witness == head) {
                return encoded;
            }
            for (FrameNode n = witness; n != null; n = n.next) {
                if (n.format == format) {
                    return (T) n.frame;
                }
            }
            head = witness;
        }
    }

    @Override
    public String toString() {
        return "Event{topic=" + topic + ", id=" + id + ", type=" + type + ", data=" + dataJson() + "}";
    }

    private static final class FrameNode {
        final FrameFormat<?> format;
        final Object frame;
        final FrameNode next;

        FrameNode(FrameFormat<?> format, Object frame, FrameNode next) {
            this.format = format;
            this.frame = frame;
            this.next = next;
        }
    }
}
