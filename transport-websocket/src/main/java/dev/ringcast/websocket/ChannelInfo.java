package dev.ringcast.websocket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a durable channel, as {@code GET /channels/{name}} shows it.
 *
 * <p>Immutable.
 *
 * @param name the channel's name (unique per owner)
 * @param topics the topics it reads, in the order of its last registration
 * @param connected whether a connection is open on it now
 * @param queuedEvents how many events wait for it: for each topic, the events after its cursor
 *     that the ring still holds (counted from the ids, which the in-memory ring gives out
 *     contiguously; an approximation for a log whose ids have gaps). Events the ring has already
 *     overwritten are not counted: the next connection gets a reset for that topic instead.
 * @param lastEventIds each topic's cursor: the id of the last event whose frame was sent (or the
 *     topic's head when it was added, or the id a reset continued after, or the earlier id a
 *     connecting client named as the last it received)
 * @param idleSince since when no connection is open; null while connected
 * @param expiresAt when it expires if no connection opens before; null while connected
 */
public record ChannelInfo(String name, List<String> topics, boolean connected, long queuedEvents,
                          Map<String, Long> lastEventIds, Instant idleSince, Instant expiresAt) {
}
