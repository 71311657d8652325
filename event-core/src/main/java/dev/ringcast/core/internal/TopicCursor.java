package dev.ringcast.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscription's position in one topic. The position is written only by the subscription's
 * drain (on its dispatch worker) and read by any thread through {@link #lvPosition()}.
 */
final class TopicCursor {

    private final Topic topic;
    private final RealSubscription subscription;
    private final AtomicBoolean inParked = new AtomicBoolean();
    private volatile long position;
    // Owned by the drain: the head when the subscription started; replay up to it is exempt from
    // the backlog limit (a reconnecting client must be able to catch up, not be closed again).
    private final long replayEnd;
    private boolean live;

    TopicCursor(Topic topic, RealSubscription subscription, long position) {
        this.topic = topic;
        this.subscription = subscription;
        this.position = position;
        this.replayEnd = topic.log().headId();
    }

    /** @return true once the cursor has passed the replay and the backlog limit applies */
    boolean isLive() {
        if (!live && position >= replayEnd) {
            live = true;
        }
        return live;
    }

    Topic topic() {
        return topic;
    }

    RealSubscription subscription() {
        return subscription;
    }

    long lvPosition() {
        return position;
    }

    void svPosition(long value) {
        position = value;
    }

    boolean casInParked(boolean expected, boolean value) {
        return inParked.compareAndSet(expected, value);
    }

    void svInParked(boolean value) {
        inParked.set(value);
    }

    boolean lvInParked() {
        return inParked.get();
    }
}
