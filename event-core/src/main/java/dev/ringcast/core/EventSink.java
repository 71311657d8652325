package dev.ringcast.core;

import java.util.List;

/**
 * Where a subscription delivers: implemented by each transport (an SSE response, a WebSocket
 * session, a held long-poll request) or by an application that consumes events in-process.
 *
 * <h2>Threads and ordering</h2>
 * The hub calls a sink from its dispatch threads, never from a publisher's thread, and never two
 * calls for the same subscription at once: each call happens-before the next one for that
 * subscription. Within a topic, events arrive in id order, each exactly once; a {@link Reset}
 * arrives before the events that follow it. After {@link #onClosed} no further call is made.
 *
 * <h2>Back-pressure</h2>
 * {@link #onEvents} and {@link #onReset} always take what they are given (the sink writes or
 * buffers it) and answer whether it can take more now. Answering {@code false} parks the
 * subscription, at no cost to the topic or to other subscribers, until the transport calls
 * {@link Subscription#resume()} (for example from a servlet's {@code onWritePossible}). A sink
 * must not block: a dispatch thread serves many subscriptions.
 *
 * <p>A sink that throws is closed with {@link CloseReason.Kind#SINK_ERROR}; the hub keeps serving.
 */
public interface EventSink {

    /**
     * Delivers a batch: everything available to this subscription, up to the hub's batch size, so
     * that a transport writes it with one write and one flush.
     *
     * @param subscription the subscription delivering
     * @param events the batch, never empty; valid only during this call (copy it to keep it; the
     *     events themselves are immutable and may be kept)
     * @return true if the sink can take more now, false to wait for {@link Subscription#resume()}
     */
    boolean onEvents(Subscription subscription, List<Event> events);

    /**
     * Tells the sink that the stream could not continue where it was asked to, and continues from
     * {@link Reset#oldestId()}.
     *
     * @param subscription the subscription delivering
     * @param reset the signal
     * @return true if the sink can take more now, false to wait for {@link Subscription#resume()}
     */
    boolean onReset(Subscription subscription, Reset reset);

    /**
     * The subscription ended. Called exactly once, whatever ended it, including
     * {@link Subscription#cancel()}. No call follows.
     *
     * @param subscription the subscription that ended
     * @param reason why
     */
    void onClosed(Subscription subscription, CloseReason reason);
}
