package dev.ringcast.core.internal;

import dev.ringcast.core.Event;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.List;

/**
 * The default {@link EventLog}: a lock-free, multi-producer ring of the last {@code capacity}
 * events of one topic, overwriting the oldest.
 *
 * <h2>Protocol</h2>
 * A publisher claims an id with one atomic increment of {@code next} (the multi-producer claim of
 * the Disruptor's sequencer), builds the immutable {@link Event} and stores it into slot
 * {@code id & mask} with a CAS. The event's own id is the slot's availability flag: a reader at
 * id {@code i} that finds an event with id {@code i} has it, with every field (final fields plus
 * the CAS's release); an older id means {@code i} is claimed but not yet stored (stop, in order);
 * a newer id means the slot was lapped (the reader is too old). Writers never wait for readers.
 * A delayed writer never overwrites a newer lap: its CAS loop gives up when the slot already holds
 * a greater id, and readers of its id then see it as overwritten.
 *
 * <h2>Ids and incarnations</h2>
 * The first id of a ring is the creation time in microseconds since the epoch, and ids count up
 * by one from there. So ids stay below 2<sup>53</sup> until the year 2255, and a ring created
 * later (after a restart) starts above every id of an earlier one as long as the earlier one
 * published, on average over its life, less than one event per microsecond. A cursor below the
 * first id, or above the head, cannot be from this incarnation: {@link #read} answers
 * {@link #UNKNOWN_ID} and the subscriber is reset rather than silently skipping events.
 *
 * <p>Thread-safe: any number of publishers and readers.
 */
public final class RingLog implements EventLog {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Event[].class);

    private final String topic;
    private final Event[] slots;
    private final int mask;
    private final int capacity;
    private final long firstId;
    private final Runnable onAppend;
    /** The next id to claim. */
    private final Sequence next;

    /**
     * @param topic the topic's name
     * @param capacity a power of two
     * @param firstId the id of the first event, at least 1
     * @param onAppend called after each append, once the event is readable
     */
    public RingLog(String topic, int capacity, long firstId, Runnable onAppend) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " is not a power of two");
        }
        if (firstId < 1 || firstId > Event.MAX_ID) {
            throw new IllegalArgumentException("first id " + firstId + " is out of range 1 to 2^53-1");
        }
        this.topic = topic;
        this.slots = new Event[capacity];
        this.mask = capacity - 1;
        this.capacity = capacity;
        this.firstId = firstId;
        this.onAppend = onAppend;
        this.next = new Sequence(firstId);
    }

    /**
     * The factory of rings whose first ids come from {@code clock}, in microseconds.
     *
     * @param clock the clock; {@code InstantSource.system()} in production
     * @return the factory
     */
    public static EventLogFactory factory(InstantSource clock) {
        return (topic, config, onAppend) -> {
            java.time.Instant now = clock.instant();
            long micros = Math.max(1, Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1_000);
            return new RingLog(topic, config.ringCapacity(), micros, onAppend);
        };
    }

    @Override
    public String topic() {
        return topic;
    }

    /** @return the id of the first event of this incarnation */
    public long firstId() {
        return firstId;
    }

    @Override
    public Event append(String type, byte[] dataJson, long timestamp) {
        long id = next.getAndIncrement();
        if (id > Event.MAX_ID) {
            throw new IllegalStateException("topic \"" + topic + "\" has used every id up to 2^53-1");
        }
        Event event = Event.create(topic, id, type, dataJson, timestamp);
        int index = (int) id & mask;
        for (;;) {
            Event current = (Event) SLOTS.getVolatile(slots, index);
            if (current != null && current.id() > id) {
                break; // lapped before it was stored: readers of this id see it as overwritten
            }
            if (SLOTS.compareAndSet(slots, index, current, event)) {
                break;
            }
        }
        onAppend.run();
        return event;
    }

    @Override
    public int read(long afterId, int max, List<? super Event> out) {
        long head = next.lvValue() - 1;
        if (afterId > head || afterId < firstId - 1) {
            return UNKNOWN_ID;
        }
        if (head - afterId > capacity) {
            return TOO_OLD;
        }
        int n = 0;
        for (long id = afterId + 1; id <= head && n < max; id++) {
            Event e = (Event) SLOTS.getAcquire(slots, (int) id & mask);
            if (e == null || e.id() < id) {
                break; // claimed, not yet stored: stop here to keep id order
            }
            if (e.id() > id) {
                return n == 0 ? TOO_OLD : n; // lapped while reading
            }
            out.add(e);
            n++;
        }
        return n;
    }

    @Override
    public boolean hasReadableAfter(long afterId) {
        if (afterId < firstId - 1 || afterId >= next.lvValue()) {
            return true; // a read would answer UNKNOWN_ID
        }
        long id = afterId + 1;
        Event e = (Event) SLOTS.getVolatile(slots, (int) id & mask);
        return e != null && e.id() >= id;
    }

    @Override
    public long headId() {
        return next.lvValue() - 1;
    }

    @Override
    public long oldestId() {
        return Math.max(firstId, next.lvValue() - capacity);
    }

    @Override
    public long countAfter(long afterId) {
        return Math.max(0, next.lvValue() - 1 - afterId);
    }

    @Override
    public void close() {
        // Nothing to release: the ring is garbage once the hub drops it.
    }

    @Override
    public String toString() {
        return "RingLog{topic=" + topic + ", capacity=" + capacity + ", firstId=" + firstId + ", next=" + next + "}";
    }
}
