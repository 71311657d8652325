package dev.ringcast.core.internal;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>Everything that can refuse an event (its type, its data, the id space) is checked before the
 * claim. Should building the event still fail after it (an {@link Error}), the slot gets a hole
 * marker with the id, which readers step over: a claimed id never stops readers.
 *
 * <h2>Ids and incarnations</h2>
 * The first id of a ring is the creation time in microseconds since the epoch, and ids count up
 * by one from there. So ids stay below 2<sup>53</sup> until the year 2255, and a ring created
 * later (after a restart) starts above every id of an earlier one as long as the earlier one
 * published, on average over its life, less than one event per microsecond. A cursor below the
 * first id, or above the head, cannot be from this incarnation: {@link #read} answers
 * {@link #UNKNOWN_ID} and the subscriber is reset rather than silently skipping events. The
 * id 0 is "before the first event": a read after it starts at the first id, or answers
 * {@link #TOO_OLD} once the ring has overwritten any event.
 *
 * <h2>Byte budgets</h2>
 * The ring bounds events by count; a topic's byte budget and the hub's bound them by bytes. An
 * append that leaves either exceeded drops the ring's oldest events (their slots get a marker,
 * so their memory is freed) until both hold or only the new event is left; readers positioned
 * before a dropped event get {@link #TOO_OLD}, exactly as for an event the ring overwrote.
 *
 * <p>Thread-safe: any number of publishers and readers.
 */
public final class RingLog implements EventLog {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /**
     * Below this, a claim is one atomic increment: even if every thread of the JVM claimed at once
     * after reading a smaller value, none could pass {@link Event#MAX_ID}.
     */
    private static final long MAX_ID_FAST_CLAIM = Event.MAX_ID - (1L << 24);

    private final String topic;
    /** Each slot holds an {@link Event}, a {@link Hole}, a {@link Dropped} or null. */
    private final Object[] slots;
    private final int mask;
    private final int capacity;
    private final long firstId;
    private final Runnable onAppend;
    /** The next id to claim. */
    private final Sequence next;
    // Byte budgets: the bytes of the events in the slots, this ring's and the hub's. Past either,
    // the oldest events are dropped (their slots get a Dropped marker) and `floor`, the lowest id
    // still readable, moves up: readers below it get TOO_OLD, as if the ring had lapped them.
    private final long maxBytes;
    private final AtomicLong retained = new AtomicLong();
    private final ByteBudget hubBudget;
    private final Sequence floor;

    /**
     * @param topic the topic's name
     * @param capacity a power of two
     * @param firstId the id of the first event, at least 1
     * @param onAppend called after each append, once the event is readable
     */
    public RingLog(String topic, int capacity, long firstId, Runnable onAppend) {
        this(topic, capacity, firstId, onAppend, Long.MAX_VALUE, ByteBudget.unlimited());
    }

    /**
     * @param topic the topic's name
     * @param capacity a power of two
     * @param firstId the id of the first event, at least 1
     * @param onAppend called after each append, once the event is readable
     * @param maxBytes the most event data this ring retains; {@link Long#MAX_VALUE} for no budget
     * @param hubBudget the budget it shares with the hub's other rings
     */
    public RingLog(String topic, int capacity, long firstId, Runnable onAppend, long maxBytes, ByteBudget hubBudget) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " is not a power of two");
        }
        if (firstId < 1 || firstId > Event.MAX_ID) {
            throw new IllegalArgumentException("first id " + firstId + " is out of range 1 to 2^53-1");
        }
        this.topic = EventNames.checkTopic(topic);
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
        this.capacity = capacity;
        this.firstId = firstId;
        this.onAppend = onAppend;
        this.next = new Sequence(firstId);
        this.maxBytes = maxBytes;
        this.hubBudget = hubBudget;
        this.floor = new Sequence(firstId);
    }

    /**
     * The factory of rings whose first ids come from {@code clock}, in microseconds, or are 1 for
     * topics configured with {@link dev.ringcast.core.TopicConfig.FirstId#ONE}.
     *
     * @param clock the clock; {@code InstantSource.system()} in production
     * @return the factory
     */
    public static EventLogFactory factory(InstantSource clock) {
        return factory(clock, ByteBudget.unlimited());
    }

    /**
     * The factory of rings whose first ids come from {@code clock} (or are 1, see above), each
     * with its topic's byte budget and all sharing {@code hubBudget}.
     *
     * @param clock the clock; {@code InstantSource.system()} in production
     * @param hubBudget the hub's byte budget
     * @return the factory
     */
    public static EventLogFactory factory(InstantSource clock, ByteBudget hubBudget) {
        return (topic, config, onAppend) -> {
            long first;
            if (config.firstId() == dev.ringcast.core.TopicConfig.FirstId.ONE) {
                first = 1;
            } else {
                java.time.Instant now = clock.instant();
                first = Math.max(1, Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1_000);
            }
            return new RingLog(topic, config.ringCapacity(), first, onAppend, config.maxBytes(), hubBudget);
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
        // Everything that can refuse the event is checked before an id is claimed: a claimed id
        // that is never stored would stop every reader at its slot until the ring wraps.
        EventNames.checkType(type);
        if (dataJson == null) {
            throw new IllegalArgumentException("event data is null: encode a JSON null as the 4 bytes \"null\"");
        }
        long id = claim();
        Event event;
        try {
            event = Event.create(topic, id, type, dataJson, timestamp);
        } catch (Throwable t) {
            // Nothing should throw here (the input was checked), but an Error can: store a hole
            // marker so that readers step over the id instead of waiting at it.
            store(id, new Hole(id));
            onAppend.run();
            throw t;
        }
        store(id, event);
        if (overBudget()) {
            dropOldest(id);
        }
        onAppend.run();
        return event;
    }

    private boolean overBudget() {
        return retained.get() > maxBytes || hubBudget.isOver();
    }

    /**
     * Drops the oldest events, keeping {@code newest}, while a budget is exceeded. Several
     * publishers may drop at once: each slot is emptied by one compare-and-set, and the floor
     * moves past an id only once its slot no longer holds its event. Stops at an id claimed but
     * not yet stored.
     */
    private void dropOldest(long newest) {
        while (overBudget()) {
            long f = floor.lvValue();
            if (f >= newest) {
                return;
            }
            long lapped = next.lvValue() - capacity;
            if (f < lapped) {
                floor.casValue(f, lapped); // overwritten by the ring already
                continue;
            }
            int index = (int) f & mask;
            Object o = SLOTS.getVolatile(slots, index);
            if (o == null || idOf(o) < f) {
                return; // claimed, not yet stored: its publisher drops after it stores
            }
            if (o instanceof Event e && e.id() == f && SLOTS.compareAndSet(slots, index, e, new Dropped(f))) {
                account(-e.dataLength());
            }
            floor.casValue(f, f + 1);
        }
    }

    private void account(long bytes) {
        retained.addAndGet(bytes);
        hubBudget.add(bytes);
    }

    /**
     * Claims the next id: one atomic increment while far from {@link Event#MAX_ID}; near it, a
     * compare-and-set that never claims past it, so the last ids are refused before the claim.
     */
    private long claim() {
        if (next.lvValue() < MAX_ID_FAST_CLAIM) {
            return next.getAndIncrement();
        }
        for (;;) {
            long id = next.lvValue();
            if (id > Event.MAX_ID) {
                throw new IllegalStateException("topic \"" + topic + "\" has used every id up to 2^53-1: "
                        + "publish to a new topic");
            }
            if (next.casValue(id, id + 1)) {
                return id;
            }
        }
    }

    private void store(long id, Object entry) {
        int index = (int) id & mask;
        for (;;) {
            Object current = SLOTS.getVolatile(slots, index);
            if (current != null && idOf(current) > id) {
                return; // lapped before it was stored: readers of this id see it as overwritten
            }
            if (SLOTS.compareAndSet(slots, index, current, entry)) {
                long delta = (entry instanceof Event e ? e.dataLength() : 0)
                        - (current instanceof Event old ? old.dataLength() : 0);
                if (delta != 0) {
                    account(delta);
                }
                return;
            }
        }
    }

    @Override
    public int read(long afterId, int max, List<? super Event> out) {
        long after = afterId == 0 ? firstId - 1 : afterId;
        long head = next.lvValue() - 1;
        if (after > head || after < firstId - 1) {
            return UNKNOWN_ID;
        }
        if (head - after > capacity || after < floor.lvValue() - 1) {
            return TOO_OLD;
        }
        int n = 0;
        for (long id = after + 1; id <= head && n < max; id++) {
            Object o = SLOTS.getAcquire(slots, (int) id & mask);
            if (o instanceof Event e) {
                if (e.id() == id) {
                    out.add(e);
                    n++;
                    continue;
                }
                if (e.id() > id) {
                    return n == 0 ? TOO_OLD : n; // lapped while reading
                }
                break; // an older lap's event: claimed, not yet stored; stop here to keep id order
            }
            if (o == null || idOf(o) < id) {
                break; // claimed, not yet stored
            }
            if (idOf(o) > id || o instanceof Dropped) {
                return n == 0 ? TOO_OLD : n; // lapped, or dropped for a byte budget, while reading
            }
            // this id's hole: step over it
        }
        return n;
    }

    @Override
    public boolean hasReadableAfter(long afterId) {
        long after = afterId == 0 ? firstId - 1 : afterId;
        if (after < firstId - 1 || after >= next.lvValue()) {
            return true; // a read would answer UNKNOWN_ID
        }
        long head = next.lvValue() - 1;
        if (head - after > capacity || after < floor.lvValue() - 1) {
            return true; // a read would answer TOO_OLD
        }
        for (long id = after + 1; id <= head; id++) {
            Object o = SLOTS.getVolatile(slots, (int) id & mask);
            if (o == null || idOf(o) < id) {
                return false; // claimed, not yet stored
            }
            if (idOf(o) > id || !(o instanceof Hole)) {
                return true; // an event, or lapped or dropped (a read answers TOO_OLD)
            }
        }
        return false; // only holes up to the head
    }

    private static long idOf(Object entry) {
        if (entry instanceof Event e) {
            return e.id();
        }
        return entry instanceof Hole h ? h.id : ((Dropped) entry).id;
    }

    /** What a slot holds for an event dropped for a byte budget: readers of its id are too old. */
    private record Dropped(long id) {
    }

    /** What a slot holds for an id that was claimed but whose event could not be built: readers step over it. */
    private record Hole(long id) {
    }

    @Override
    public long headId() {
        return next.lvValue() - 1;
    }

    @Override
    public long oldestId() {
        return Math.max(Math.max(firstId, floor.lvValue()), next.lvValue() - capacity);
    }

    /** @return the bytes of event data this ring retains now */
    public long retainedBytes() {
        return retained.get();
    }

    @Override
    public long countAfter(long afterId) {
        long after = afterId == 0 ? firstId - 1 : afterId;
        return Math.max(0, next.lvValue() - 1 - after);
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
