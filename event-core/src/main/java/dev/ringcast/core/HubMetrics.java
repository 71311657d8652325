package dev.ringcast.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a hub's counters, from {@link EventHub#metrics()}. Counters are cumulative since
 * the hub was built; each is read separately, so a snapshot taken under load is not atomic.
 *
 * @param topics topics open now
 * @param subscriptions subscriptions open now
 * @param published events published
 * @param delivered events handed to sinks (one per subscriber per event)
 * @param resets reset signals delivered
 * @param backlogResets subscriptions skipped ahead by {@link BacklogPolicy#RESET}
 * @param backlogCloses subscriptions closed by {@link BacklogPolicy#CLOSE}
 * @param sinkErrors subscriptions closed because their sink threw
 * @param coalesced events a slow subscriber skipped because a newer one with the same key
 *     followed in its batch (see {@link Coalescing})
 * @param evictedTopics idle topics (no event, no reader) evicted to make room under
 *     {@link EventHubBuilder#maxTopics(int)}
 * @param retainedBytes event data the in-memory rings retain now (0 with another event log)
 * @param parkedCursors subscriptions' cursors parked now, waiting for their topic's next event
 *     (a subscription to three idle topics parks three)
 * @param resetsByCause reset signals delivered, by cause; every cause is present
 * @param closesByKind subscriptions ended, by kind; every kind is present
 */
public record HubMetrics(int topics, int subscriptions, long published, long delivered, long resets,
                         long backlogResets, long backlogCloses, long sinkErrors, long coalesced,
                         long evictedTopics, long retainedBytes, long parkedCursors,
                         Map<Reset.Cause, Long> resetsByCause, Map<CloseReason.Kind, Long> closesByKind) {

    /**
     * Copies the maps, so that a snapshot never changes.
     *
     * @param topics see the record's description
     * @param subscriptions see the record's description
     * @param published see the record's description
     * @param delivered see the record's description
     * @param resets see the record's description
     * @param backlogResets see the record's description
     * @param backlogCloses see the record's description
     * @param sinkErrors see the record's description
     * @param coalesced see the record's description
     * @param evictedTopics see the record's description
     * @param retainedBytes see the record's description
     * @param parkedCursors see the record's description
     * @param resetsByCause see the record's description
     * @param closesByKind see the record's description
     */
    public HubMetrics {
        resetsByCause = Collections.unmodifiableMap(new EnumMap<>(resetsByCause));
        closesByKind = Collections.unmodifiableMap(new EnumMap<>(closesByKind));
    }
}
