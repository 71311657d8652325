package dev.ringcast.core.internal;

import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import java.util.concurrent.atomic.AtomicBoolean;
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
    // Cursors of subscriptions that read to the head and wait: offered by their drains, polled by the waker.
    private final MpscUnboundedArrayQueue<TopicCursor> parked = new MpscUnboundedArrayQueue<>(64);
    // True while a waker run is scheduled and has not started draining `parked`.
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Runnable waker = this::wakeParked;

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
        if (!parked.isEmpty() && wakePending.compareAndSet(false, true)) {
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
            parked.offer(cursor);
        }
    }

    /** Schedules the waker even without a new event: used to purge cursors of closed subscriptions. */
    void requestWake() {
        if (wakePending.compareAndSet(false, true)) {
            wakerThread.execute(waker);
        }
    }

    private void wakeParked() {
        // Clear before draining: a publish that finds the flag still set knows this run will see its cursor.
        wakePending.set(false);
        TopicCursor cursor;
        while ((cursor = parked.poll()) != null) {
            cursor.svInParked(false);
            cursor.subscription().wake();
        }
    }

    /** @return how many cursors are parked now (approximate under concurrency) */
    public int parkedCount() {
        return parked.size();
    }

    /** Closes the log. */
    public void close() {
        log.close();
    }
}
