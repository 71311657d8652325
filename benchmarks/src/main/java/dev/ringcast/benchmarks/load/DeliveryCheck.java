package dev.ringcast.benchmarks.load;

import java.util.BitSet;

/**
 * One connection's exactly-once-in-order check over the event ids of one topic. Ids count up by
 * one per event, so the events a connection must receive are exactly {@code baseId + 1 ..
 * lastId}, in that order. An id above the next expected one opens a gap (the ids skipped are
 * remembered); an id that fills a remembered gap is a reorder; an id seen before (or at or below
 * {@code baseId}) is a duplicate. A reset signal counts as one more gap: nothing in a load run
 * explains one, and the events it skipped are counted as missing as well.
 *
 * <p>Memory grows with the gaps only, not with the events. Not thread-safe: its connection's
 * selector thread records, and the generator reads after that thread has ended.
 */
final class DeliveryCheck {

    private final long baseId;
    private long highest;
    /** Bit {@code i} is id {@code baseId + 1 + i}, skipped and not (yet) received. */
    private final BitSet missing = new BitSet();
    private long delivered;
    private long duplicates;
    private long reorders;
    private long resets;

    /** @param baseId the id after which the connection asked for events */
    DeliveryCheck(long baseId) {
        this.baseId = baseId;
        this.highest = baseId;
    }

    /** @param id an event's id, as received */
    void onEvent(long id) {
        delivered++;
        if (id > highest) {
            if (id > highest + 1) {
                missing.set(index(highest + 1), index(id));
            }
            highest = id;
        } else if (id > baseId && missing.get(index(id))) {
            missing.clear(index(id));
            reorders++;
        } else {
            duplicates++;
        }
    }

    /**
     * Records an event whose number is the publisher's sequence rather than the server's order
     * (Nchan: its ids are {@code time:tag}, so the clients check the {@code seq} each event
     * carries). Several publish requests are in flight at once and the server may store them in
     * another order than they were numbered, so a number filling an earlier gap is not a reorder
     * here; the client checks the order against the server's own ids and reports a violation with
     * {@link #onServerReorder()}. Missing and repeated numbers count as in {@link #onEvent}.
     *
     * @param seq the event's sequence number, as the publisher wrote it
     */
    void onEventUnordered(long seq) {
        long before = reorders;
        onEvent(seq);
        reorders = before;
    }

    /** An event arrived after one the server had stored later (see {@link #onEventUnordered}). */
    void onServerReorder() {
        reorders++;
    }

    /** A reset signal: the server says it skipped events. */
    void onReset() {
        resets++;
    }

    private int index(long id) {
        long i = id - baseId - 1;
        if (i > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("id " + id + " is " + i + " events past the run's first id " + baseId
                    + ": is something else publishing to this topic? use a fresh --topic");
        }
        return (int) i;
    }

    /** @return the id after which this connection resumes: the highest it received */
    long highest() {
        return highest;
    }

    /** @return the events received, duplicates included */
    long delivered() {
        return delivered;
    }

    /**
     * @param lastId the last id published in the run
     * @return events never received up to {@code lastId}, plus one per reset signal
     */
    long gaps(long lastId) {
        return missing.cardinality() + Math.max(0, lastId - highest) + resets;
    }

    /** @return events received more than once */
    long duplicates() {
        return duplicates;
    }

    /** @return events received after a later one */
    long reorders() {
        return reorders;
    }

    /** @return reset signals received */
    long resets() {
        return resets;
    }
}
