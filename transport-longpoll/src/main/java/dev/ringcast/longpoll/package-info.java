/**
 * HTTP long-poll and HTTP publish over an {@link dev.ringcast.core.EventHub}: one servlet,
 * {@link dev.ringcast.longpoll.LongPollServlet}, that holds polls asynchronously (no thread per
 * held request) and answers them with JSON arrays of events.
 */
package dev.ringcast.longpoll;
