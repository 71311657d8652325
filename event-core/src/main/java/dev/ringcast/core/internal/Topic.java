package dev.ringcast.core.internal;

import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * One topic of a hub: its log and the subscriptions parked waiting for its next event.
 *
 * <p>Publishing costs the log's append plus one read of "is anyone parked?": it never iterates
 * subscribers. When someone is parked, the publisher schedules this topic's waker once (further
 * publishes see it pending), and the waker, on a dispatch thread, wakes each parked cursor.
 * Thread-safe.
 */
public final class Topic {

    private final String name;
    private final TopicConfig config;
    private final EventLog log;
    private final Dispatcher.Worker wakerThread;
    /** The parked queue's chunk size: an offer that fills a chunk links a new one. */
    static final int PARKED_CHUNK = 64;

    // Cursors of subscriptions that read to the head and wait: offered by their drains, polled by the waker.
    private final MpscUnboundedArrayQueue<TopicCursor> parked = new MpscUnboundedArrayQueue<>(PARKED_CHUNK);
    // At least the number of cursors in `parked`: incremented before an offer, decremented after a
    // poll. Publishers read it instead of the queue's isEmpty(), which can read "empty" while an
    // offer links a new chunk (the queue's index is odd then, and its final store is only a release
    // store): that reading would lose a wake-up. Both sides of this counter are volatile
    // read-modify-writes or reads, so the publisher's "store event, read count" and the parking
    // side's "increment count, read log" cannot both miss.
    private final AtomicLong parkedCount = new AtomicLong();
    // True while a waker run is scheduled and has not started draining `parked`.
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Runnable waker = this::wakeParked;
    // How many cursors read this topic, or one of the two eviction states. A topic is evicted
    // only when no cursor reads it and its log holds nothing: the evictor moves 0 to RETIRING (so
    // no cursor can join), then reads the log; a publisher claims its id, then reads this state.
    // Both sides are volatile writes then reads, so at least one sees the other: the evictor
    // finds the event and keeps the topic (back to 0), or the publisher finds RETIRING, waits for
    // the verdict and, if EVICTED, publishes again to the topic that replaces this one.
    private final AtomicInteger users = new AtomicInteger();
    private static final int RETIRING = Integer.MIN_VALUE;
    private static final int EVICTED = Integer.MIN_VALUE + 1;

    /**
     * Opens a topic and its log.
     *
     * @param name the topic's name, valid
     * @param config its settings
     * @param logs opens its log
     * @param wakerThread the worker that runs its waker
     */
    public Topic(String name, TopicConfig config, EventLogFactory logs, Dispatcher.Worker wakerThread) {
        this.name = name;
        this.config = config;
        this.wakerThread = wakerThread;
        EventLog opened = logs.open(name, config, this::onAppend);
        if (opened == null) {
            throw new IllegalStateException("event log factory returned null for topic \"" + name + "\"");
        }
        this.log = opened;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the settings */
    public TopicConfig config() {
        return config;
    }

    /** @return the log */
    public EventLog log() {
        return log;
    }

    /**
     * The id to read after for a start position.
     *
     * @param from the position
     * @return the id after which a cursor starting at {@code from} reads
     */
    public long startAfter(dev.ringcast.core.Position from) {
        return switch (from.kind()) {
            case LIVE -> log.headId();
            case OLDEST -> log.oldestId() - 1;
            case AFTER -> from.afterId();
        };
    }

    /** Called by the log after an event became readable: wake parked subscriptions, if any. */
    void onAppend() {
        if (parkedCount.get() > 0 && wakePending.compareAndSet(false, true)) {
            wakerThread.execute(waker);
        }
    }

    /**
     * Parks a cursor that has read to the head; its subscription re-checks the log afterwards.
     *
     * @param cursor the cursor
     */
    void park(TopicCursor cursor) {
        if (cursor.casInParked(false, true)) {
            parkedCount.getAndIncrement();
            parked.offer(cursor);
        }
    }

    /** Schedules the waker even without a new event: used to purge cursors of closed subscriptions. */
    void requestWake() {
        if (wakePending.compareAndSet(false, true)) {
            wakerThread.execute(waker);
        }
    }

    void wakeParked() {
        // Clear before draining: a publish that finds the flag still set knows this run will see its cursor.
        wakePending.set(false);
        // On the waker's own worker, subscriptions bound to it are drained right here, one after
        // the other (a sweep: no queueing and no hand-off per subscriber per event). A drained
        // cursor parks again behind the others, so the sweep takes at most the cursors counted
        // now, which include every cursor already in the queue; later ones keep the count above
        // zero, so the next publish schedules the waker for them.
        Dispatcher.Worker sweeper = wakerThread.inWorkerThread() ? wakerThread : null;
        long limit = parkedCount.get();
        TopicCursor cursor;
        long woken = 0;
        while (woken < limit && (cursor = parked.poll()) != null) {
            woken++;
            cursor.svInParked(false);
            cursor.subscription().wakeOn(sweeper);
        }
        if (woken > 0) {
            parkedCount.addAndGet(-woken);
        }
    }

    /** @return how many cursors are parked now (approximate under concurrency) */
    public int parkedCount() {
        return (int) Math.min(Integer.MAX_VALUE, parkedCount.get());
    }

    /**
     * Counts a cursor in, unless the topic was evicted.
     *
     * @return false if the topic was evicted: take the one that replaces it from the hub
     */
    public boolean acquire() {
        for (;;) {
            int s = users.get();
            if (s >= 0) {
                if (users.compareAndSet(s, s + 1)) {
                    return true;
                }
            } else if (s == EVICTED) {
                return false;
            } else {
                Thread.onSpinWait(); // RETIRING: the evictor decides in a few instructions
            }
        }
    }

    /** Counts a cursor out: one that {@link #acquire()} counted in. */
    public void release() {
        users.decrementAndGet();
    }

    /**
     * Evicts the topic if no cursor reads it and its log holds no event; it then accepts no cursor
     * and no publish (publishers move to its replacement).
     *
     * @return true if it was evicted
     */
    public boolean tryEvict() {
        if (!users.compareAndSet(0, RETIRING)) {
            return false;
        }
        boolean empty = log.headId() < log.oldestId();
        users.set(empty ? EVICTED : 0);
        return empty;
    }

    /**
     * For a publisher that has just appended: whether its event is in a topic readers can reach.
     * Waits out an eviction in progress.
     *
     * @return false if the topic was evicted around the append: publish again to its replacement
     */
    public boolean servesAppends() {
        int s;
        while ((s = users.get()) == RETIRING) {
            Thread.onSpinWait();
        }
        return s != EVICTED;
    }

    /** @return how many cursors read it; 0 once evicted */
    public int readers() {
        return Math.max(0, users.get());
    }

    /** Closes the log. */
    public void close() {
        log.close();
    }
}
