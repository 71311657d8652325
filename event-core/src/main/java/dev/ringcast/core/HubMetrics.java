package dev.ringcast.core;

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
 */
public record HubMetrics(int topics, int subscriptions, long published, long delivered, long resets,
                         long backlogResets, long backlogCloses, long sinkErrors, long coalesced,
                         long evictedTopics, long retainedBytes) {
}
