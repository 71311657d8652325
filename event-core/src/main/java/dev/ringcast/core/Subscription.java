package dev.ringcast.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A live subscription: a cursor per topic, read by the hub's dispatch pool and delivered to an
 * {@link EventSink}. Created by {@link EventHub#subscribe(SubscriptionRequest, EventSink)}.
 *
 * <p>Every method may be called from any thread. A subscription holds no queue of its own: it
 * is a position in each topic's log, so a slow subscriber costs no memory as it falls behind.
 */
public interface Subscription {

    /** @return an id unique within its hub, for logs and metrics */
    long id();

    /** @return the names of the topics it reads now, in the order they were added */
    List<String> topics();

    /** @return which event types it delivers */
    TypeFilter typeFilter();

    /**
     * The id of the last event of {@code topic} this subscription has passed: delivered, or
     * skipped by the type filter. A client that reconnects with it resumes exactly after it.
     * The cursor moves when a batch is handed to the sink, just before {@link EventSink#onEvents}
     * is called: during that call (and read from another thread while it runs) it already counts
     * the batch in hand. A transport that needs "what the client has really received" tracks the
     * ids it wrote, as the SSE transport does for its stream ids.
     *
     * @param topic one of {@link #topics()}
     * @return the id, or the start position's id if nothing has been delivered yet
     * @throws IllegalArgumentException if the subscription does not read {@code topic}
     */
    long lastId(String topic);

    /**
     * Starts reading another topic on this subscription, from {@code from}, as if it had been in
     * the request. Does nothing if the subscription already reads it. Takes effect on the
     * subscription's dispatch thread, so sink calls stay serialized; events of the topic follow
     * (or a {@link Reset}, as for any start position).
     *
     * @param topic the topic's name
     * @param from where to start
     * @throws IllegalArgumentException if the name is invalid
     * @throws IllegalStateException if the hub is closed
     */
    void addTopic(String topic, Position from);

    /**
     * Stops reading a topic. Events of it already handed to the sink stay delivered; none
     * follow once the change takes effect on the dispatch thread. A subscription may be left
     * with no topic, and pick some up again with {@link #addTopic}.
     *
     * <p>The returned stage completes once the change has taken effect: {@link #topics()} no
     * longer lists the topic and no call to the sink with its events is running or will follow.
     * It also completes if the subscription ends first. It completes on the dispatch thread (or
     * the caller's, if the subscription had already ended), so keep dependent actions short.
     *
     * @param topic the topic's name
     * @return completes when nothing of the topic follows
     */
    CompletionStage<Void> removeTopic(String topic);

    /**
     * Tells the hub the sink can take events again after it answered {@code false}. Cheap and
     * idempotent; a call when the sink was not waiting does nothing harmful.
     */
    void resume();

    /**
     * Ends the subscription. {@link EventSink#onClosed} follows on a dispatch thread, with
     * {@link CloseReason.Kind#CANCELLED}, unless it was already closing.
     */
    void cancel();

    /** @return true once the subscription has ended ({@link EventSink#onClosed} was called or is running) */
    boolean isClosed();
}
