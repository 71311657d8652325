package dev.ringcast.core;

/**
 * What happens to a subscription that falls further behind its topic than the topic's backlog
 * limit (see {@link TopicConfig#backlogLimit()}). Memory never grows with a slow subscriber: its
 * backlog is only the distance between its cursor and the head of the topic's log.
 */
public enum BacklogPolicy {
    /**
     * Skip ahead to the newest event and deliver a {@link Reset} with cause
     * {@link Reset.Cause#BACKLOG} first: the client stays connected and knows what it missed.
     */
    RESET,
    /**
     * Close the subscription with {@link CloseReason.Kind#BACKLOG_LIMIT}. Its cursor (see
     * {@link Subscription#lastId(String)}) stays readable, so the client can reconnect with its
     * last id and catch up, or be reset if it has fallen out of the window by then.
     */
    CLOSE
}
