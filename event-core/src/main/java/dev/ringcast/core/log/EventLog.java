package dev.ringcast.core.log;

import dev.ringcast.core.Event;
import java.util.List;

/**
 * The log of one topic: it assigns ids, stores events within a retained window and reads them
 * back after an id. The hub holds one per topic and never assumes ids are contiguous, only that
 * they strictly increase.
 *
 * <h2>Threads and visibility</h2>
 * Every method may be called from any thread at any time. {@link #append} may be called by many
 * publishers at once. An event becomes <em>readable</em> once {@link #read} can return it; the
 * log must then call the {@code onAppend} callback it was opened with, after the event is
 * readable (so that whatever the appending thread wrote before happens-before a reader that
 * reads the event). A log fed from elsewhere (another node) calls it when new events arrive.
 *
 * <h2>The window and ids from elsewhere</h2>
 * {@link #read} answers {@link #TOO_OLD} for an id older than the window and {@link #UNKNOWN_ID}
 * for an id that cannot belong to this log's history (newer than its head, or from an earlier
 * incarnation). The hub turns both into a {@link dev.ringcast.core.Reset}: the log never moves a
 * reader silently.
 *
 * <h2>Logs that fetch from elsewhere</h2>
 * A read is called on a dispatch thread and must not block. A log that holds only part of its
 * history locally (a cluster log's cache) answers 0 for what it must fetch, fetches, and calls
 * {@code onAppend} once the events are readable; {@link #hasReadableAfter} must agree with
 * {@link #read} exactly, so that a reader waiting on a fetch parks rather than spins. Such a log's
 * {@link #isShared()} is true.
 *
 * <h2>The id 0</h2>
 * Every method taking an id accepts 0, "before the first event this log ever held": a client that
 * has seen nothing and asks for everything. A read after 0 starts with the first event, or
 * answers {@link #TOO_OLD} once any event of the log's history is no longer retained (so the
 * client learns that it missed some). Real ids are at least 1.
 */
public interface EventLog extends AutoCloseable {

    /** {@link #read} result: the id is older than the retained window. */
    int TOO_OLD = -1;

    /** {@link #read} result: the id cannot belong to this log's history. */
    int UNKNOWN_ID = -2;

    /** @return the topic's name */
    String topic();

    /**
     * Assigns the next id, stores the event and makes it readable; then calls {@code onAppend}.
     * Input it refuses (see {@link dev.ringcast.core.Event#create}) is refused before an id is
     * assigned, so a refused append leaves no gap that readers would wait at.
     *
     * @param type the event's type, already validated
     * @param dataJson the data as UTF-8 JSON, already validated; the log takes ownership
     * @param timestamp publish time in milliseconds since the epoch
     * @return the stored event, with its id
     */
    Event append(String type, byte[] dataJson, long timestamp);

    /**
     * Reads readable events with ids greater than {@code afterId}, in id order, stopping at the
     * first not yet readable, after {@code max} events, or at the head.
     *
     * @param afterId the last id the reader has; {@link #headId()} reads nothing
     * @param max how many events to read at most, at least 1
     * @param out where the events are appended
     * @return how many were appended (0 when the reader is at the head), or {@link #TOO_OLD} or
     *     {@link #UNKNOWN_ID}, in which case nothing was appended
     */
    int read(long afterId, int max, List<? super Event> out);

    /**
     * Tells, cheaply, whether an event after {@code afterId} is readable now, or the id has
     * left the window (so that a read would not answer 0).
     *
     * @param afterId the last id the reader has
     * @return true if a read after it would not return 0
     */
    boolean hasReadableAfter(long afterId);

    /**
     * @return the id of the newest appended event, or, before the first append, the id just
     *     below this log's first id: a reader that starts from it reads only later events
     */
    long headId();

    /** @return the oldest retained id; {@link #headId()} + 1 when nothing is retained */
    long oldestId();

    /**
     * How many retained events follow {@code afterId}: a subscriber's backlog. May count events
     * appended but not yet readable.
     *
     * @param afterId the reader's last id
     * @return the count, 0 when none
     */
    long countAfter(long afterId);

    /**
     * Whether the events appended to this log live in a store shared beyond this log object (a
     * cluster store), so that a log the hub opens later for the same topic reads them too. The hub
     * evicts an idle topic's log; an append that raced with the eviction then reaches readers
     * through the next log of that topic, and the hub must not publish it again (for a log whose
     * events die with it, it does, since nobody could read them).
     *
     * @return false (the default) for a log whose events exist only in it, such as the in-memory ring
     */
    default boolean isShared() {
        return false;
    }

    /** Releases what the log holds. Called once, by the hub's close; no call follows. */
    @Override
    void close();
}
