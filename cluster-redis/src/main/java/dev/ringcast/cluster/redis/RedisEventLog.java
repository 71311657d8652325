package dev.ringcast.cluster.redis;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.log.EventLog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One topic's log on one node, over Redis: Redis assigns the ids and keeps the history; this log
 * keeps a local ring of the newest events, fed by the node's live partitions, and fetches from
 * Redis what the ring does not hold.
 *
 * <h2>What the node knows</h2>
 * Per incarnation (one epoch of the topic in Redis): {@code first}, the epoch's first id;
 * {@code head}, the newest id up to which this node holds every event (in the ring) or knows it
 * is in Redis (below the ring); {@code knownLast}, the newest id it has heard of (at least the
 * head: events still on their way, or a gap being filled). The ring holds the events of
 * {@code [ringFloor, head]}, stored by id like the in-memory ring; older ones are read from
 * Redis into the {@code history} cache, a few blocks of consecutive ids.
 *
 * <h2>Reads never wait for Redis</h2>
 * {@link #read} answers from memory. What it lacks it asks for and answers 0 (nothing readable
 * yet); when the answer lands the log calls {@code onAppend}, which wakes the waiting readers.
 * So a dispatch thread never blocks on the network, and:
 * <ul>
 *   <li>a reader below the ring asks for a backfill; every reader of the topic that asks while
 *       one is gathering (a few milliseconds) or running shares it: one range read from the
 *       lowest id asked up to the ring, however many readers wait;</li>
 *   <li>a reader above {@code knownLast} (a client resuming with an id another node gave it,
 *       before this node heard of it) asks Redis for the newest id: below it, the id is
 *       {@link #UNKNOWN_ID}; otherwise the events come;</li>
 *   <li>a gap between {@code head} and {@code knownLast} that live delivery does not close within
 *       the gap delay is filled from the stream.</li>
 * </ul>
 *
 * <h2>Epochs and resets</h2>
 * Every Redis answer carries the topic's epoch. One that differs from this incarnation's (Redis
 * lost its data and the topic started again, at a later time and so at higher ids) replaces the
 * incarnation: readers of the old one get {@link #UNKNOWN_ID} and the hub resets them. Ids that
 * Redis no longer holds (trimmed, or missed while this node could not read them) make readers
 * below them {@link #TOO_OLD}. Nobody moves silently.
 *
 * <p>Thread-safe: writers (live messages, appends, Redis answers) take the log's lock; readers
 * take none, reading the ring by id as the in-memory ring does.
 */
final class RedisEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(RedisEventLog.class.getName());
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** Tuning shared by a node's logs. */
    record Settings(long gatherMillis, long gapDelayMillis, long retryMillis, long historyIdleMillis, int pageSize,
                    long syncTimeoutMillis) {
    }

    private final TopicKeys keys;
    private final int capacity;
    private final int mask;
    private final int window;
    private final Store store;
    private final Scheduler scheduler;
    private final Settings settings;
    private final Counters counters;
    private final Runnable onAppend;
    private final Consumer<RedisEventLog> onClose;
    private final Consumer<RedisEventLog> holdsHistory;

    /** Null until the first sync; replaced, never mutated in place, when the epoch changes. */
    private volatile Incarnation inc;
    // Guarded by `this`.
    private boolean closed;
    private List<Event> early = new ArrayList<>();

    /** What this node knows of one epoch of the topic. */
    static final class Incarnation {
        final long first;
        /** Newest id heard of; written under the log's lock. */
        volatile long knownLast;
        /** Every id up to it is in the ring or known to be in Redis; written under the lock. */
        volatile long head;
        /** Below it Redis holds nothing any more (learned from a read); written under the lock. */
        volatile long floor;
        /** Null until the first read: a node whose clients never read a topic caches none of it. */
        volatile Object[] slots;
        volatile long ringFloor;
        final ConcurrentSkipListMap<Long, Block> history = new ConcurrentSkipListMap<>();
        /** Ids up to it above {@link #knownLast} were checked against Redis and are unknown. */
        volatile long verifiedFor;
        // Guarded by the log's lock.
        long backfillWanted = Long.MAX_VALUE;
        boolean backfillRunning;
        boolean gapCheckPending;
        boolean gapFillRunning;
        long gapTarget;
        boolean syncRunning;
        boolean syncWanted;
        long verifyWanted;
        long verifyingFor;

        Incarnation(long first, long last) {
            this.first = first;
            this.knownLast = last;
            this.head = last;
            this.floor = first;
        }
    }

    /** Consecutive events read from Redis below the ring; null entries are ids never stored. */
    static final class Block {
        final long first;
        final Event[] events;
        volatile long lastReadMillis = System.currentTimeMillis();

        Block(long first, Event[] events) {
            this.first = first;
            this.events = events;
        }

        long last() {
            return first + events.length - 1;
        }
    }

    /** An id that was assigned but never stored: readers step over it. */
    private record Hole(long id) {
    }

    RedisEventLog(TopicKeys keys, int capacity, int window, Store store, Scheduler scheduler, Settings settings,
                  Counters counters, Runnable onAppend, Consumer<RedisEventLog> onClose,
                  Consumer<RedisEventLog> holdsHistory) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " is not a power of two");
        }
        this.keys = keys;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.window = window;
        this.store = store;
        this.scheduler = scheduler;
        this.settings = settings;
        this.counters = counters;
        this.onAppend = onAppend;
        this.onClose = onClose;
        this.holdsHistory = holdsHistory;
    }

    /**
     * Reads the topic's epoch and head from Redis (starting an epoch if Redis has none): the log is
     * usable once this returns. Live messages that arrive meanwhile are kept and applied after.
     *
     * @throws RedisUnavailableException if Redis does not answer
     */
    void start() {
        Store.Meta meta;
        CompletableFuture<Store.Meta> sync = store.sync(keys);
        counters.syncs.increment();
        try {
            meta = sync.get(settings.syncTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while opening topic \"" + keys.topic
                    + "\" on Redis", e);
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("Redis did not answer within " + settings.syncTimeoutMillis()
                    + " ms while opening topic \"" + keys.topic + "\": try again later", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisUnavailableException u) {
                throw u;
            }
            throw new RedisUnavailableException("Redis could not open topic \"" + keys.topic + "\": " + cause
                    + ": try again later", cause);
        }
        synchronized (this) {
            Incarnation in = new Incarnation(meta.first(), meta.last());
            inc = in;
            for (Event e : early) {
                accept(in, e.id(), e);
            }
            early = null;
        }
    }

    @Override
    public String topic() {
        return keys.topic;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public Event append(String type, byte[] dataJson, long timestamp) {
        EventNames.checkType(type);
        if (dataJson == null) {
            throw new IllegalArgumentException("event data is null: encode a JSON null as the 4 bytes \"null\"");
        }
        long id = store.append(keys, window, EventCodec.encode(timestamp, type, dataJson));
        counters.appends.increment();
        Event event = Event.create(keys.topic, id, type, dataJson, timestamp);
        boolean wake;
        synchronized (this) {
            wake = !closed && inc != null && accept(inc, id, event);
        }
        if (wake) {
            onAppend.run();
        }
        return event;
    }

    /**
     * A live message of this topic, from the node's partition subscription.
     *
     * @param event the event
     */
    void onLive(Event event) {
        onLive(event.id(), () -> event);
    }

    /**
     * A live message of this topic, decoded only if this log keeps events (it has readers): a
     * node follows the head of every topic it has open, but caches only those it serves.
     *
     * @param id the event's id
     * @param event decodes the event; called at most once, under the log's lock
     */
    void onLive(long id, java.util.function.Supplier<Event> event) {
        boolean wake;
        synchronized (this) {
            if (closed) {
                return;
            }
            Incarnation in = inc;
            if (in == null) {
                early.add(event.get());
                return;
            }
            wake = accept(in, id, in.slots == null || id <= in.head ? null : event.get());
        }
        if (wake) {
            onAppend.run();
        }
    }

    /** After the live connection was lost: ask Redis where the topic stands, and catch up. */
    void resync() {
        synchronized (this) {
            Incarnation in = inc;
            if (closed || in == null) {
                return;
            }
            requestSync(in, 0);
        }
    }

    /**
     * Takes an event (or a hole) with id {@code id}. Caller holds the lock.
     *
     * @return whether the head moved, so readers must be woken
     */
    private boolean accept(Incarnation in, long id, Object entry) {
        if (id <= in.head) {
            return false; // known: an echo of our own append, or filled already
        }
        Object[] s = in.slots;
        if (s == null) {
            // No reader here yet: only follow the head. A jump means lost messages or a new epoch.
            if (id == in.knownLast + 1) {
                in.knownLast = id;
                in.head = id;
                return true;
            }
            if (id > in.knownLast) {
                requestSync(in, 0);
            }
            return false;
        }
        if (id > in.knownLast) {
            in.knownLast = id;
        }
        if (id - in.head <= capacity) {
            long overwritten = id - capacity;
            if (overwritten >= in.ringFloor) {
                in.ringFloor = overwritten + 1; // readers of it go to the history
            }
            SLOTS.setRelease(s, (int) id & mask, entry);
        }
        boolean moved = advance(in, s);
        if (in.head < in.knownLast) {
            scheduleGapCheck(in);
        }
        return moved;
    }

    private boolean advance(Incarnation in, Object[] s) {
        long h = in.head;
        long start = h;
        for (;;) {
            Object o = SLOTS.getAcquire(s, (int) (h + 1) & mask);
            if (o == null || idOf(o) != h + 1) {
                break;
            }
            h++;
        }
        if (h == start) {
            return false;
        }
        in.head = h;
        if (h > in.knownLast) {
            in.knownLast = h;
        }
        return true;
    }

    private static long idOf(Object entry) {
        return entry instanceof Event e ? e.id() : ((Hole) entry).id();
    }

    private boolean stale(Incarnation in) {
        return closed || in != inc;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(long afterId, int max, List<? super Event> out) {
        return read(afterId, max, out, true);
    }

    @Override
    public boolean hasReadableAfter(long afterId) {
        return read(afterId, 1, null, false) != 0;
    }

    /** The read, counting only when {@code out} is null: {@link #hasReadableAfter} agrees with it exactly. */
    private int read(long afterId, int max, List<? super Event> out, boolean touch) {
        Incarnation in = inc;
        long a = afterId == 0 ? in.first - 1 : afterId;
        if (a < in.first - 1) {
            return UNKNOWN_ID;
        }
        Object[] s = in.slots;
        if (s == null) {
            s = allocateRing(in);
        }
        long head = in.head;
        if (a >= head) {
            if (a <= in.knownLast) {
                return 0; // at the head, or waiting for a gap to close
            }
            if (a <= in.verifiedFor) {
                return UNKNOWN_ID; // Redis was asked after this id was, and has no such id
            }
            synchronized (this) {
                if (!stale(in)) {
                    requestSync(in, a);
                }
            }
            return 0;
        }
        if (a < oldest(in) - 1) {
            return TOO_OLD;
        }
        int n = 0;
        long id = a;
        while (n < max && id < head) {
            long next = id + 1;
            if (next >= in.ringFloor) {
                Object o = SLOTS.getAcquire(s, (int) next & mask);
                if (o instanceof Event e && e.id() == next) {
                    if (out != null) {
                        out.add(e);
                    }
                    n++;
                    id = next;
                    continue;
                }
                if (o instanceof Hole h && h.id() == next) {
                    id = next;
                    continue;
                }
                // overwritten since: read it from the history below
            }
            Block b = block(in, next);
            if (b == null) {
                requestBackfill(in, id);
                break;
            }
            if (touch) {
                b.lastReadMillis = System.currentTimeMillis();
            }
            long end = Math.min(b.last(), head);
            while (n < max && id < end) {
                next = id + 1;
                Event e = b.events[(int) (next - b.first)];
                id = next;
                if (e != null) {
                    if (out != null) {
                        out.add(e);
                    }
                    n++;
                }
            }
        }
        return n;
    }

    private static Block block(Incarnation in, long id) {
        Map.Entry<Long, Block> e = in.history.floorEntry(id);
        if (e == null || e.getValue().last() < id) {
            return null;
        }
        return e.getValue();
    }

    private synchronized Object[] allocateRing(Incarnation in) {
        if (in.slots == null) {
            in.ringFloor = in.head + 1;
            in.slots = new Object[capacity];
        }
        return in.slots;
    }

    private long oldest(Incarnation in) {
        return Math.max(Math.max(in.first, in.floor), in.head - window + 1);
    }

    @Override
    public long headId() {
        return inc.head;
    }

    @Override
    public long oldestId() {
        return oldest(inc);
    }

    @Override
    public long countAfter(long afterId) {
        Incarnation in = inc;
        long after = Math.max(afterId == 0 ? in.first - 1 : afterId, in.first - 1);
        return Math.max(0, in.head - after);
    }

    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.accept(this);
    }

    /**
     * Drops history blocks nobody read lately, or that fell out of the window.
     *
     * @return whether the log still holds history (the node sweeps only logs that do)
     */
    boolean sweep(long nowMillis) {
        Incarnation in = inc;
        if (in == null) {
            return false;
        }
        long oldest = oldest(in);
        in.history.values().removeIf(b -> b.last() < oldest
                || nowMillis - b.lastReadMillis > settings.historyIdleMillis());
        return !in.history.isEmpty();
    }

    /** @return how many events this node holds in its history cache for the topic (tests) */
    int historyEvents() {
        Incarnation in = inc;
        return in == null ? 0 : in.history.values().stream().mapToInt(b -> b.events.length).sum();
    }

    // ---------------------------------------------------------------- syncs: epoch and head

    /** Caller holds the lock. {@code forId} > 0: a reader's id to check against Redis. */
    private void requestSync(Incarnation in, long forId) {
        if (forId > 0 && in.syncRunning && forId <= in.verifyingFor) {
            return; // the check on its way was asked for this id already
        }
        if (forId > in.verifyWanted) {
            in.verifyWanted = forId;
        }
        in.syncWanted = true;
        if (!in.syncRunning) {
            startSync(in);
        }
    }

    private void startSync(Incarnation in) {
        in.syncRunning = true;
        in.syncWanted = false;
        long sentFor = in.verifyWanted;
        in.verifyingFor = sentFor;
        in.verifyWanted = 0;
        counters.syncs.increment();
        store.sync(keys).whenComplete((meta, error) -> scheduler.schedule(() -> onSynced(in, sentFor, meta, error), 0));
    }

    private void onSynced(Incarnation in, long sentFor, Store.Meta meta, Throwable error) {
        synchronized (this) {
            in.syncRunning = false;
            if (stale(in)) {
                return;
            }
            if (error != null) {
                counters.failedReads.increment();
                in.verifyWanted = Math.max(in.verifyWanted, sentFor);
                in.syncWanted = true;
                in.syncRunning = true; // the retry below is the one running
                scheduler.schedule(() -> retrySync(in), settings.retryMillis());
                return;
            }
            if (!onMeta(in, meta)) {
                if (sentFor > in.verifiedFor) {
                    in.verifiedFor = sentFor;
                }
                if (in.syncWanted) {
                    startSync(in);
                }
            }
        }
        onAppend.run(); // readers waiting on the answer read again
    }

    private void retrySync(Incarnation in) {
        synchronized (this) {
            in.syncRunning = false;
            if (!stale(in) && in.syncWanted) {
                startSync(in);
            }
        }
    }

    /** Applies what Redis said of the epoch. Caller holds the lock. @return true if the epoch changed */
    private boolean onMeta(Incarnation in, Store.Meta meta) {
        if (meta == null || meta.first() != in.first) {
            switchEpoch(meta);
            return true;
        }
        if (meta.last() > in.knownLast) {
            in.knownLast = meta.last();
        }
        if (in.slots == null) {
            in.head = in.knownLast;
        } else if (in.head < in.knownLast && !in.gapFillRunning) {
            startGapFill(in);
        }
        return false;
    }

    /** Redis holds another history of the topic than this node knew. Caller holds the lock. */
    private void switchEpoch(Store.Meta meta) {
        Incarnation old = inc;
        if (meta == null) {
            // Redis lost the topic's keys since the read began: learn the new epoch first.
            requestSync(old, 0);
            return;
        }
        Incarnation next = new Incarnation(meta.first(), meta.last());
        if (old.slots != null) {
            next.ringFloor = meta.last() + 1;
            next.slots = new Object[capacity];
        }
        inc = next;
        counters.epochChanges.increment();
        LOG.log(System.Logger.Level.WARNING, "topic \"" + keys.topic + "\": Redis holds a new history (its ids start at "
                + meta.first() + ", this node knew ids from " + old.first + " to " + old.knownLast
                + "): Redis lost its data, and readers of the old history are reset");
    }

    // ---------------------------------------------------------------- gap fills: live events missed

    private void scheduleGapCheck(Incarnation in) {
        if (in.gapCheckPending || in.gapFillRunning) {
            return;
        }
        in.gapCheckPending = true;
        in.gapTarget = in.knownLast;
        scheduler.schedule(() -> gapCheck(in), settings.gapDelayMillis());
    }

    private void gapCheck(Incarnation in) {
        synchronized (this) {
            in.gapCheckPending = false;
            if (stale(in) || in.gapFillRunning || in.head >= in.knownLast) {
                return;
            }
            if (in.head >= in.gapTarget) {
                scheduleGapCheck(in); // that gap closed; a newer one gets its own delay
                return;
            }
            startGapFill(in);
        }
    }

    /** Fetches {@code (head, knownLast]} into the ring. Caller holds the lock. */
    private void startGapFill(Incarnation in) {
        in.gapFillRunning = true;
        long to = in.knownLast;
        long from = in.head;
        if (to - from > capacity) {
            // More than the ring holds: fetch its worth; readers behind it read from the history.
            from = to - capacity;
            in.head = from;
            in.ringFloor = from + 1;
        }
        counters.gapFills.increment();
        long f = from;
        fetch(from, to, counters.gapReads, (ranges, error) -> onGapFetched(in, f, to, ranges, error));
    }

    private void onGapFetched(Incarnation in, long from, long to, List<Store.Range> ranges, Throwable error) {
        synchronized (this) {
            in.gapFillRunning = false;
            if (stale(in)) {
                return;
            }
            if (error != null) {
                counters.failedReads.increment();
                in.gapCheckPending = true;
                in.gapTarget = to;
                scheduler.schedule(() -> gapCheck(in), settings.retryMillis());
                return;
            }
            for (Store.Range r : ranges) {
                if (r.meta() == null || r.meta().first() != in.first) {
                    switchEpoch(r.meta());
                    break;
                }
                if (r.meta().last() > in.knownLast) {
                    in.knownLast = r.meta().last();
                }
                long kept = keptFrom(r, r.afterId());
                if (kept > in.head + 1) {
                    // Redis no longer holds (head, kept): readers there are too old, said so.
                    in.floor = Math.max(in.floor, kept);
                    in.head = kept - 1;
                    in.ringFloor = Math.max(in.ringFloor, kept);
                }
                long expect = Math.max(r.afterId() + 1, kept);
                for (int i = 0; i < r.ids().length; i++) {
                    long id = r.ids()[i];
                    for (; expect < id; expect++) {
                        accept(in, expect, new Hole(expect));
                    }
                    accept(in, id, EventCodec.decode(keys.topic, id, r.entries()[i], 0));
                    expect = id + 1;
                }
                for (long end = Math.min(r.toId(), r.meta().last()); expect <= end; expect++) {
                    accept(in, expect, new Hole(expect));
                }
            }
            if (inc == in && in.head < in.knownLast) {
                scheduleGapCheck(in);
            }
        }
        onAppend.run();
    }

    /**
     * The lowest id after {@code afterId} that Redis still holds, as a range read saw it: above
     * {@code afterId + 1} if the stream was trimmed past it.
     */
    private static long keptFrom(Store.Range r, long afterId) {
        if (r.streamFirst() == 0) {
            // An empty stream while the epoch has events: the stream was deleted; nothing is kept.
            return r.meta().last() > afterId ? r.meta().last() + 1 : afterId + 1;
        }
        return Math.max(afterId + 1, r.streamFirst());
    }

    // ---------------------------------------------------------------- backfills: history below the ring

    private void requestBackfill(Incarnation in, long afterId) {
        synchronized (this) {
            if (stale(in)) {
                return;
            }
            if (afterId < in.backfillWanted) {
                in.backfillWanted = afterId;
            }
            if (!in.backfillRunning) {
                in.backfillRunning = true;
                scheduler.schedule(() -> startBackfill(in), settings.gatherMillis());
            }
        }
    }

    private void startBackfill(Incarnation in) {
        boolean wake = false;
        synchronized (this) {
            if (stale(in)) {
                in.backfillRunning = false;
                return;
            }
            long from = in.backfillWanted;
            in.backfillWanted = Long.MAX_VALUE;
            // Skip what the history holds already.
            for (Block b; from != Long.MAX_VALUE && (b = block(in, from + 1)) != null; ) {
                from = b.last();
            }
            long upper = Math.min(in.head, in.slots == null ? in.head : in.ringFloor - 1);
            Map.Entry<Long, Block> above = from == Long.MAX_VALUE ? null : in.history.higherEntry(from + 1);
            if (above != null) {
                upper = Math.min(upper, above.getKey() - 1);
            }
            if (from != Long.MAX_VALUE && from < upper) {
                // Reach below the lowest id asked by as much again (at most 4 pages): in a reconnect
                // storm the clients that ask a moment later, from a little further back, find their
                // events there instead of starting a second read.
                from -= Math.min(upper - from, 4L * settings.pageSize());
            }
            from = Math.max(from, oldest(in) - 1);
            if (from == Long.MAX_VALUE || from >= upper) {
                in.backfillRunning = false;
                wake = true; // the readers read again: what they need is there, or too old now
            } else {
                counters.backfills.increment();
                long f = from;
                long u = upper;
                fetch(from, upper, counters.backfillReads, (ranges, error) -> onBackfilled(in, f, u, ranges, error));
            }
        }
        if (wake) {
            onAppend.run();
        }
    }

    private void onBackfilled(Incarnation in, long from, long upper, List<Store.Range> ranges, Throwable error) {
        synchronized (this) {
            if (stale(in)) {
                in.backfillRunning = false;
                return;
            }
            if (error != null) {
                counters.failedReads.increment();
                in.backfillWanted = Math.min(in.backfillWanted, from);
                scheduler.schedule(() -> startBackfill(in), settings.retryMillis());
                return;
            }
            Event[] events = new Event[(int) (upper - from)];
            long kept = from + 1;
            for (Store.Range r : ranges) {
                if (r.meta() == null || r.meta().first() != in.first) {
                    in.backfillRunning = false;
                    switchEpoch(r.meta());
                    events = null;
                    break;
                }
                kept = Math.max(kept, keptFrom(r, from));
                for (int i = 0; i < r.ids().length; i++) {
                    long id = r.ids()[i];
                    events[(int) (id - from - 1)] = EventCodec.decode(keys.topic, id, r.entries()[i], 0);
                }
            }
            if (events != null) {
                if (kept > from + 1) {
                    // Trimmed meanwhile: readers below what Redis still holds are too old.
                    in.floor = Math.min(Math.max(in.floor, kept), in.head + 1);
                }
                if (kept <= upper) {
                    Event[] held = kept == from + 1 ? events
                            : java.util.Arrays.copyOfRange(events, (int) (kept - from - 1), events.length);
                    in.history.put(kept, new Block(kept, held));
                    holdsHistory.accept(this);
                }
                in.backfillRunning = false;
                if (in.backfillWanted != Long.MAX_VALUE) {
                    in.backfillRunning = true;
                    scheduler.schedule(() -> startBackfill(in), settings.gatherMillis());
                }
            }
        }
        onAppend.run();
    }

    // ---------------------------------------------------------------- range reads

    /** What to do with the pages of a fetch: all of them, in order, or the first error. */
    private interface Fetched {
        void accept(List<Store.Range> ranges, Throwable error);
    }

    /** Reads {@code (from, to]} in pages sent at once (pipelined), then calls back on the scheduler. */
    private void fetch(long from, long to, java.util.concurrent.atomic.LongAdder reads, Fetched then) {
        List<CompletableFuture<Store.Range>> pages = new ArrayList<>();
        for (long f = from; f < to; f += settings.pageSize()) {
            pages.add(store.range(keys, f, Math.min(to, f + settings.pageSize())));
            reads.increment();
        }
        CompletableFuture.allOf(pages.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) ->
                scheduler.schedule(() -> {
                    if (error != null) {
                        then.accept(null, error);
                        return;
                    }
                    List<Store.Range> ranges = new ArrayList<>(pages.size());
                    for (CompletableFuture<Store.Range> p : pages) {
                        ranges.add(p.join());
                    }
                    try {
                        then.accept(ranges, null);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "topic \"" + keys.topic
                                + "\": could not apply what Redis returned", e);
                        then.accept(null, e);
                    }
                }, 0));
    }

    @Override
    public String toString() {
        Incarnation in = inc;
        return "RedisEventLog{topic=" + keys.topic + (in == null ? ", not started" : ", first=" + in.first
                + ", head=" + in.head + ", knownLast=" + in.knownLast) + "}";
    }
}
