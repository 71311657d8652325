package dev.ringcast.core.internal;

import dev.ringcast.core.BacklogPolicy;
import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Coalescing;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.log.EventLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The hub's {@link Subscription}: cursors over one or more topics, drained in batches on one
 * dispatch worker.
 *
 * <h2>State machine</h2>
 * {@code IDLE} (parked on its topics, or waiting for the sink) → {@code SCHEDULED} (in its
 * worker's queue, at most once) → {@code RUNNING} (draining) → back to {@code IDLE}, or to
 * {@code SCHEDULED} when there is more to read (one batch per run keeps the worker fair). A
 * {@link #wake()} that arrives while running turns {@code RUNNING} into {@code RUNNING_AGAIN}, and
 * the drain loops once more instead of going idle: a wake-up is never lost and the drain never
 * runs on two threads. {@code CLOSED} is final.
 *
 * <h2>Sink readiness</h2>
 * {@link #resume()} counts; the drain remembers the count it saw before a sink call that answered
 * "not ready" and sends again only once the count has moved, so a resume that races with the
 * sink's answer is not lost either.
 */
public final class RealSubscription implements Subscription, Runnable {

    private static final System.Logger LOG = System.getLogger(RealSubscription.class.getName());

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    private static final int RUNNING_AGAIN = 3;
    private static final int CLOSED = 4;

    private enum Outcome { CAUGHT_UP, MORE, BLOCKED, CLOSING }

    // Immutable after start().
    private final long id;
    private final EventSink sink;
    private final Dispatcher.Worker worker;
    private final int maxBatch;
    private final int maxBatchBytes;
    private final HubCounters counters;
    private final Consumer<RealSubscription> onFinished;
    private final TypeFilter types;
    private final Function<String, Topic> topics;
    private final List<TopicCursor> cursorList = new ArrayList<>();

    // Replaced (never mutated) by the drain when topics are added or removed; read by any thread.
    private volatile TopicCursor[] cursors;
    private volatile List<String> topicNames;
    // Topic changes asked for by any thread, applied by the drain.
    private final ConcurrentLinkedQueue<TopicChange> changes = new ConcurrentLinkedQueue<>();

    private record TopicChange(String name, Topic topic, long afterId, CompletableFuture<Void> removed) {
    }

    // Shared: written by any thread.
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicReference<CloseReason> pendingClose = new AtomicReference<>();

    // Owned by the drain (the worker thread).
    private long blockedAt = -1;
    // The topic the next batch starts from: always below the topic count, so it never overflows.
    private int rotation;
    private long[] pending;
    // The worker's scratch lists (see Dispatcher.Worker): only ever touched on that worker.
    private final ArrayList<Event> batch;
    private final ArrayList<Event> readBuffer;

    /**
     * @param id unique within the hub
     * @param sink where to deliver
     * @param worker the dispatch worker bound to it
     * @param maxBatch the largest batch handed to the sink, in events
     * @param maxBatchBytes the most data bytes in a batch, unless its first event alone is larger
     * @param types the type filter
     * @param counters the hub's counters
     * @param onFinished called once, on the thread that closes it, just before {@code onClosed}
     * @param topics opens a topic by name, for {@link #addTopic}
     */
    public RealSubscription(long id, EventSink sink, Dispatcher.Worker worker, int maxBatch, int maxBatchBytes,
                            TypeFilter types, HubCounters counters, Consumer<RealSubscription> onFinished,
                            Function<String, Topic> topics) {
        this.id = id;
        this.sink = sink;
        this.worker = worker;
        this.maxBatch = maxBatch;
        this.maxBatchBytes = maxBatchBytes;
        this.types = types;
        this.counters = counters;
        this.onFinished = onFinished;
        this.topics = topics;
        this.batch = worker.batch;
        this.readBuffer = worker.readBuffer;
    }

    /**
     * Adds a topic before {@link #start()}.
     *
     * @param topic the topic, {@link Topic#acquire() acquired} for this subscription, which
     *     releases it when it ends
     * @param afterId the id after which to read
     */
    public void addCursor(Topic topic, long afterId) {
        cursorList.add(new TopicCursor(topic, this, afterId));
    }

    /** Schedules the first drain: replay (or nothing, for live positions), then live events. */
    public void start() {
        install(cursorList.toArray(new TopicCursor[0]));
        wake();
    }

    private void install(TopicCursor[] next) {
        pending = new long[next.length];
        List<String> names = new ArrayList<>(next.length);
        for (TopicCursor c : next) {
            names.add(c.topic().name());
        }
        topicNames = List.copyOf(names);
        cursors = next;
    }

    @Override
    public void addTopic(String topic, dev.ringcast.core.Position from) {
        Topic t = topics.apply(topic); // acquired: released when the change is dropped or the cursor ends
        changes.add(new TopicChange(topic, t, t.startAfter(from), null));
        releasePendingChanges(); // if it has ended already, no drain will apply the change
        wake();
    }

    @Override
    public CompletionStage<Void> removeTopic(String topic) {
        CompletableFuture<Void> removed = new CompletableFuture<>();
        changes.add(new TopicChange(topic, null, 0, removed));
        releasePendingChanges(); // if it has ended already, no drain will apply the change
        wake();
        return removed;
    }

    /** Applies topic changes on the drain thread, between batches. */
    private void applyChanges() {
        TopicChange change = changes.poll();
        if (change == null) {
            return;
        }
        List<TopicCursor> next = new ArrayList<>(List.of(cursors));
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (; change != null; change = changes.poll()) {
            if (change.removed() != null) {
                removals.add(change.removed());
            }
            String name = change.name();
            TopicCursor existing = next.stream().filter(c -> c.topic().name().equals(name)).findFirst().orElse(null);
            if (change.topic() != null && existing == null) {
                next.add(new TopicCursor(change.topic(), this, change.afterId()));
            } else if (change.topic() != null) {
                change.topic().release(); // already read: the change adds nothing
            } else if (existing != null) {
                next.remove(existing);
                existing.topic().release();
                if (existing.lvInParked()) {
                    existing.topic().requestWake(); // drop the stale parked entry now
                }
            }
        }
        install(next.toArray(new TopicCursor[0]));
        // After install: whoever waits on a removal then sees the topic gone from topics(), and
        // no batch of it is in the sink (changes apply between batches, on this thread).
        removals.forEach(r -> r.complete(null));
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public List<String> topics() {
        return topicNames;
    }

    @Override
    public TypeFilter typeFilter() {
        return types;
    }

    @Override
    public long lastId(String topic) {
        for (TopicCursor c : cursors) {
            if (c.topic().name().equals(topic)) {
                return c.lvPosition();
            }
        }
        throw new IllegalArgumentException("subscription " + id + " does not read topic \"" + topic
                + "\": it reads " + topicNames);
    }

    @Override
    public void resume() {
        resumes.incrementAndGet();
        wake();
    }

    @Override
    public void cancel() {
        requestClose(new CloseReason(CloseReason.Kind.CANCELLED, "subscription cancelled", null));
    }

    @Override
    public boolean isClosed() {
        return pendingClose.get() != null;
    }

    /**
     * Ends the subscription with {@code reason} on its worker, unless it is already ending.
     *
     * @param reason why
     */
    public void requestClose(CloseReason reason) {
        if (pendingClose.compareAndSet(null, reason)) {
            wake();
        }
    }

    /** Makes sure a drain runs after this call: schedules one, or makes the running one loop. */
    void wake() {
        for (;;) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, SCHEDULED)) {
                    worker.execute(this);
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, RUNNING_AGAIN)) {
                    return;
                }
            } else {
                return; // SCHEDULED, RUNNING_AGAIN: a drain will run; CLOSED: nothing to do
            }
        }
    }

    /**
     * Like {@link #wake()}, but when {@code current} is this subscription's own worker, called on
     * that worker's thread, and the subscription is idle, drains it right here instead of
     * queueing it: its topic's waker sweeps the subscriptions bound to its worker. The drain
     * still runs only on its worker and only from {@code SCHEDULED}.
     *
     * @param current the worker whose thread calls, or null when the caller is not a worker
     */
    void wakeOn(Dispatcher.Worker current) {
        if (current == worker && state.compareAndSet(IDLE, SCHEDULED)) {
            run();
            return;
        }
        wake();
    }

    /** The drain; runs only on its worker, only from SCHEDULED. */
    @Override
    public void run() {
        state.set(RUNNING);
        try {
            drainLoop();
        } catch (Throwable t) {
            // Something outside the sink failed (an event log, a topic change): the subscription
            // cannot go on, and must not stay RUNNING, where no wake-up would ever reach it again.
            LOG.log(System.Logger.Level.ERROR, "subscription " + id + " failed; closing it", t);
            pendingClose.compareAndSet(null, new CloseReason(CloseReason.Kind.FAILED,
                    "the subscription failed on the server: " + t, t));
            try {
                finish(pendingClose.get());
            } catch (Throwable again) {
                LOG.log(System.Logger.Level.ERROR, "subscription " + id + " failed while closing", again);
            }
        }
    }

    private void drainLoop() {
        for (;;) {
            CloseReason close = pendingClose.get();
            if (close != null) {
                finish(close);
                return;
            }
            applyChanges();
            boolean sinkReady = blockedAt < 0 || resumes.get() != blockedAt;
            Outcome outcome = Outcome.BLOCKED;
            if (sinkReady) {
                blockedAt = -1;
                try {
                    outcome = drainOnce();
                } catch (SinkException e) {
                    counters.sinkErrors.increment();
                    LOG.log(System.Logger.Level.WARNING, "sink of subscription " + id + " threw; closing it", e.getCause());
                    pendingClose.compareAndSet(null, new CloseReason(CloseReason.Kind.SINK_ERROR,
                            "the sink threw " + e.getCause(), e.getCause()));
                    continue;
                }
            }
            if (outcome == Outcome.CLOSING) {
                continue;
            }
            if (outcome == Outcome.MORE) {
                state.set(SCHEDULED);
                worker.execute(this);
                return;
            }
            if (outcome == Outcome.CAUGHT_UP) {
                for (TopicCursor c : cursors) {
                    c.topic().park(c);
                }
            }
            if (state.compareAndSet(RUNNING, IDLE)) {
                if (outcome == Outcome.CAUGHT_UP && anyReadable()) {
                    wake(); // an event landed between the last read and parking
                }
                return;
            }
            state.set(RUNNING); // woken while running: go round again
        }
    }

    /** A sink's exception, carried out of the drain so that it is told apart from the hub's own failures. */
    private static final class SinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkException(Throwable cause) {
            super(cause);
        }
    }

    private boolean anyReadable() {
        for (TopicCursor c : cursors) {
            if (c.topic().log().hasReadableAfter(c.lvPosition())) {
                return true;
            }
        }
        return false;
    }

    private Outcome drainOnce() {
        // Phase 1: backlog limits of cursors past their replay, before reading, so that a CLOSE
        // leaves every cursor where the client really was.
        for (TopicCursor c : cursors) {
            TopicConfig config = c.topic().config();
            EventLog log = c.topic().log();
            long position = c.lvPosition();
            long backlog = log.countAfter(position);
            if (backlog <= config.backlogLimit() || !c.isLive()) {
                continue;
            }
            if (config.backlogPolicy() == BacklogPolicy.CLOSE) {
                counters.backlogCloses.increment();
                pendingClose.compareAndSet(null, new CloseReason(CloseReason.Kind.BACKLOG_LIMIT,
                        "fell " + backlog + " events behind topic \"" + c.topic().name()
                                + "\", over its backlog limit of " + config.backlogLimit()
                                + ": reconnect with the last id to catch up", null));
                return Outcome.CLOSING;
            }
            if (position >= log.oldestId() - 1) { // lapped cursors get the TOO_OLD reset of phase 2
                long head = log.headId();
                c.svPosition(head - 1);
                counters.backlogResets.increment();
                if (!deliverReset(new Reset(c.topic().name(), position, head, Reset.Cause.BACKLOG))) {
                    return Outcome.BLOCKED;
                }
            }
        }
        // Phase 2: read one batch across the topics, starting from a rotating topic for fairness.
        batch.clear();
        boolean more = false;
        TopicCursor[] cursors = this.cursors;
        int n = cursors.length;
        if (n == 0) {
            return Outcome.CAUGHT_UP;
        }
        int start = rotation % n;
        rotation = start + 1 == n ? 0 : start + 1;
        long bytesLeft = maxBatchBytes;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            TopicCursor c = cursors[i];
            int room = maxBatch - batch.size();
            pending[i] = c.lvPosition();
            if (room <= 0 || bytesLeft <= 0) {
                more = true;
                continue;
            }
            EventLog log = c.topic().log();
            Reset reset = null;
            for (int retries = 0; ; retries++) {
                readBuffer.clear();
                int read = log.read(pending[i], room, readBuffer);
                if (read >= 0) {
                    if (reset != null) {
                        // One reset however often the cursor was lapped while catching up, naming
                        // where the stream really continues.
                        c.svPosition(pending[i]);
                        if (!deliverReset(new Reset(reset.topic(), reset.requestedId(), pending[i] + 1, reset.cause()))) {
                            batch.clear();
                            return Outcome.BLOCKED; // what was read of other topics is read again after resume
                        }
                    }
                    if (read > 0) {
                        // Keep what fits in the batch's bytes; a first event larger than them goes alone.
                        int kept = 0;
                        for (boolean first = batch.isEmpty(); kept < read; kept++, first = false) {
                            int length = readBuffer.get(kept).dataLength();
                            if (length > bytesLeft && !first) {
                                break;
                            }
                            bytesLeft -= length;
                        }
                        if (kept < read) {
                            readBuffer.subList(kept, read).clear();
                            more = true;
                        }
                        if (kept > 0) {
                            pending[i] = readBuffer.get(kept - 1).id();
                            addMatching(readBuffer, c.topic().config().coalescing());
                        }
                    }
                    more |= read == room;
                    break;
                }
                if (reset == null) {
                    reset = new Reset(c.topic().name(), pending[i], 0,
                            read == EventLog.TOO_OLD ? Reset.Cause.TOO_OLD : Reset.Cause.UNKNOWN_ID);
                }
                pending[i] = restartPoint(log, retries);
            }
        }
        for (int i = 0; i < n; i++) {
            cursors[i].svPosition(pending[i]);
        }
        if (batch.isEmpty()) {
            return more ? Outcome.MORE : Outcome.CAUGHT_UP;
        }
        long seen = resumes.get();
        // Counted as handed over before the sink sees them: whoever learns of an event from the
        // sink then finds it in the metrics.
        counters.delivered.add(batch.size());
        boolean ready;
        try {
            ready = sink.onEvents(this, batch);
        } catch (Throwable t) {
            batch.clear();
            throw new SinkException(t);
        }
        sampleLatency(batch);
        batch.clear();
        if (!ready) {
            blockedAt = seen;
            return Outcome.BLOCKED;
        }
        return more ? Outcome.MORE : Outcome.CAUGHT_UP;
    }

    /**
     * Reports the publish-to-write latency of the batch's first and last events when they carry a
     * sample stamp ({@link Event#sampledNanos()}): a look at two events per batch, and nothing at
     * all while no recorder listens, so the drain's cost does not grow with the batch.
     */
    private void sampleLatency(List<Event> written) {
        LongConsumer[] recorders = counters.latencyRecorders;
        if (recorders.length == 0) {
            return;
        }
        long first = written.get(0).sampledNanos();
        long last = written.size() > 1 ? written.get(written.size() - 1).sampledNanos() : 0;
        if (first == 0 && last == 0) {
            return;
        }
        long now = System.nanoTime();
        for (LongConsumer r : recorders) {
            try {
                if (first != 0) {
                    r.accept(now - first);
                }
                if (last != 0) {
                    r.accept(now - last);
                }
            } catch (RuntimeException e) {
                // A metrics recorder's failure is never the subscription's: it is not a sink error.
                LOG.log(System.Logger.Level.WARNING, "a latency recorder threw; the sample is lost", e);
            }
        }
    }

    /**
     * Where a cursor that fell out of the window reads from: just before the oldest retained event,
     * and, each time the ring overtakes it again before it could read, further ahead (1, 2, 4...
     * events, at most half the window), so that a publisher faster than the reader cannot keep it
     * chasing the slot being overwritten.
     */
    private static long restartPoint(EventLog log, int retries) {
        long oldest = log.oldestId();
        long head = log.headId();
        long slack = retries == 0 ? 0 : Math.min(Math.max(0, head - oldest) / 2, 1L << Math.min(retries - 1, 30));
        return Math.min(oldest - 1 + slack, Math.max(head, oldest - 1));
    }

    private void addMatching(List<Event> events, Coalescing coalescing) {
        if (coalescing != null && events.size() > 1) {
            coalesce(events, coalescing);
        }
        if (types.acceptsAll()) {
            batch.addAll(events);
            return;
        }
        for (Event e : events) {
            if (types.accepts(e.type())) {
                batch.add(e);
            }
        }
    }

    /** Keeps, per non-null key, only the newest event of the batch; order is otherwise kept. */
    private void coalesce(List<Event> events, Coalescing coalescing) {
        Set<String> newer = new HashSet<>();
        int dropped = 0;
        for (int i = events.size() - 1; i >= 0; i--) {
            String key = coalescing.keyOf(events.get(i));
            if (key != null && !newer.add(key)) {
                events.set(i, null);
                dropped++;
            }
        }
        if (dropped > 0) {
            events.removeIf(java.util.Objects::isNull);
            counters.coalesced.add(dropped);
        }
    }

    private boolean deliverReset(Reset reset) {
        counters.resets.increment();
        counters.resetsByCause[reset.cause().ordinal()].increment();
        long seen = resumes.get();
        boolean ready;
        try {
            ready = sink.onReset(this, reset);
        } catch (Throwable t) {
            throw new SinkException(t);
        }
        if (!ready) {
            blockedAt = seen;
        }
        return ready;
    }

    /**
     * Ends the subscription on the calling thread. Called by its worker, or by the hub's close
     * once the workers have stopped (so never concurrently with a drain).
     *
     * @param reason why
     */
    public void finish(CloseReason reason) {
        if (state.getAndSet(CLOSED) == CLOSED) {
            return;
        }
        pendingClose.compareAndSet(null, reason);
        counters.closesByKind[pendingClose.get().kind().ordinal()].increment();
        for (TopicCursor c : cursors) {
            c.topic().release();
            if (c.lvInParked()) {
                c.topic().requestWake(); // lets the waker drop this cursor now, not at the next publish
            }
        }
        releasePendingChanges();
        onFinished.accept(this); // first, so that a sink sees the hub's count without itself
        try {
            sink.onClosed(this, pendingClose.get());
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "sink of subscription " + id + " threw in onClosed", t);
        }
    }

    /** Releases the topics of changes that will never be applied. Any thread; each change once. */
    private void releasePendingChanges() {
        if (state.get() != CLOSED) {
            return; // the drain applies (and releases) them
        }
        for (TopicChange c; (c = changes.poll()) != null; ) {
            if (c.topic() != null) {
                c.topic().release();
            }
            if (c.removed() != null) {
                c.removed().complete(null); // ended: nothing of the topic follows
            }
        }
    }

    @Override
    public String toString() {
        return "Subscription{id=" + id + ", topics=" + topicNames + ", state=" + state.get() + "}";
    }
}
