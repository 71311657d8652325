package dev.ringcast.websocket.internal;

import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.Reset;
import dev.ringcast.websocket.WebSocketFrames;
import jakarta.websocket.RemoteEndpoint;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The frames of one session waiting to be sent, and the topics whose frames it takes.
 *
 * <p>Frames are sent one at a time with {@code RemoteEndpoint.Async.sendText} and a completion
 * handler: at most one send is in flight, and the next starts when it completes, so a batch from
 * the hub goes out back to back. Past the queue limit {@link #events} answers "not ready", and
 * {@link Listener#drained()} says when to resume: once the queue has emptied, while its last frame
 * is still in flight. A completion handler that runs inside {@code sendText} does not recurse:
 * one thread at a time pumps the queue. A close queued with {@link #closeAfterQueued} is handed to
 * {@link Listener#closeReached} once every frame before it was sent.
 *
 * <p>Thread-safe: one lock guards the queue and the topic set, held only to change them, never
 * during a send or a listener call. Filtering by topic and queueing happen under it together, so
 * no frame of a topic follows its {@code unsubscribed} frame.
 */
final class Outbox {

    /** Replies (pongs, errors) a client may leave unread before it is disconnected. */
    static final int MAX_QUEUED_REPLIES = 1024;

    /** What the outbox tells its connection. Called without the outbox's lock. */
    interface Listener {
        /** A frame of an event or a reset was sent; in send order, before the next send starts. */
        void delivered(String topic, long id, boolean reset);

        /** The sink was told "not ready" and the queue has emptied: resume the subscription. */
        void drained();

        /** A send failed: the session is broken. */
        void sendFailed(Throwable failure);

        /** Every frame before a queued close was sent: close the session now. */
        void closeReached(int code, String reason);
    }

    /** How a reply was taken. */
    enum Offer {
        /** Queued. */
        QUEUED,
        /** Dropped: the outbox is closing. */
        CLOSING,
        /** Dropped: too many replies wait unread. */
        FLOODED
    }

    private record Frame(String text, String topic, long id, boolean reset, boolean reply, int closeCode,
                         String closeReason) {
        static Frame event(String text, String topic, long id, boolean reset) {
            return new Frame(text, topic, id, reset, false, 0, null);
        }

        static Frame reply(String text) {
            return new Frame(text, null, 0, false, true, 0, null);
        }

        static Frame close(int code, String reason) {
            return new Frame(null, null, 0, false, false, code, reason);
        }

        int size() {
            return text == null ? 0 : text.length();
        }
    }

    private final RemoteEndpoint.Async remote;
    private final int limitBytes;
    private final FrameFormat<String> eventFormat;
    private final boolean controlFrames;
    private final Listener listener;

    // Guarded by lock.
    private final Object lock = new Object();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final Set<String> topics = new HashSet<>();
    private long queuedBytes;
    private int queuedReplies;
    private boolean inFlight;
    private long inFlightSince;
    private boolean pumping;
    private boolean sinkWaiting;
    private boolean closing;
    private boolean ended;

    Outbox(RemoteEndpoint.Async remote, int limitBytes, FrameFormat<String> eventFormat, boolean controlFrames,
           Listener listener) {
        this.remote = remote;
        this.limitBytes = limitBytes;
        this.eventFormat = eventFormat;
        this.controlFrames = controlFrames;
        this.listener = listener;
    }

    /**
     * Queues the frames of the events whose topic it takes.
     *
     * @return whether it can take more now; false until {@link Listener#drained()}
     */
    boolean events(List<Event> events) {
        String[] frames = new String[events.size()];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = events.get(i).frame(eventFormat); // built once per event, shared; outside the lock
        }
        boolean ready;
        synchronized (lock) {
            if (closing) {
                return true; // nothing more will be sent: let the hub move on while it cancels
            }
            for (int i = 0; i < frames.length; i++) {
                Event e = events.get(i);
                if (topics.contains(e.topic())) {
                    enqueue(Frame.event(frames[i], e.topic(), e.id(), false));
                }
            }
            ready = readyLocked();
        }
        pump();
        return ready;
    }

    /** @return as {@link #events} */
    boolean reset(Reset reset) {
        boolean ready;
        synchronized (lock) {
            if (closing) {
                return true;
            }
            if (topics.contains(reset.topic())) {
                // Without control frames the reset is a silent marker: the cursor still moves past it, in order.
                enqueue(Frame.event(controlFrames ? WebSocketFrames.reset(reset) : null, reset.topic(),
                        reset.oldestId() - 1, true));
            }
            ready = readyLocked();
        }
        pump();
        return ready;
    }

    private boolean readyLocked() {
        boolean ready = queuedBytes < limitBytes;
        if (!ready) {
            sinkWaiting = true;
        }
        return ready;
    }

    /** Queues a reply (pong, error...). */
    Offer reply(String text) {
        synchronized (lock) {
            if (closing) {
                return Offer.CLOSING;
            }
            if (queuedReplies >= MAX_QUEUED_REPLIES) {
                return Offer.FLOODED;
            }
            enqueue(Frame.reply(text));
        }
        pump();
        return Offer.QUEUED;
    }

    /** @return whether it takes the topic's frames */
    boolean takes(String topic) {
        synchronized (lock) {
            return topics.contains(topic);
        }
    }

    /** @return how many topics it takes */
    int topicCount() {
        synchronized (lock) {
            return topics.size();
        }
    }

    /**
     * Queues the topic's {@code subscribed} frame and takes its frames from now on. Does not send
     * it: the caller subscribes in the hub first, then calls {@link #flush()}, so that a client
     * that reads the frame finds the subscription in place.
     *
     * @return false if closing
     */
    boolean subscribe(String topic, long afterId) {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            if (controlFrames) {
                enqueue(Frame.reply(WebSocketFrames.subscribed(topic, afterId)));
            }
            topics.add(topic);
        }
        return true;
    }

    /** Sends what is queued. */
    void flush() {
        pump();
    }

    /**
     * Stops taking the topic's frames and queues its {@code unsubscribed} frame.
     *
     * @return false if it did not take the topic
     */
    boolean unsubscribe(String topic) {
        synchronized (lock) {
            if (!topics.remove(topic)) {
                return false;
            }
            if (!closing && controlFrames) {
                enqueue(Frame.reply(WebSocketFrames.unsubscribed(topic)));
            }
        }
        pump();
        return true;
    }

    /**
     * Takes nothing more and closes after what is queued.
     *
     * @return false if it was already closing
     */
    boolean closeAfterQueued(int code, String reason) {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            closing = true;
            queue.add(Frame.close(code, reason));
        }
        pump();
        return true;
    }

    /** Takes nothing more and drops what is queued. */
    void drop() {
        synchronized (lock) {
            closing = true;
            clearLocked();
        }
    }

    /** The session ended: as {@link #drop()}, and nothing more is sent. */
    void end() {
        synchronized (lock) {
            ended = true;
            closing = true;
            clearLocked();
        }
    }

    /** @return for how long the send in flight has been, in nanoseconds, or -1 if none is */
    long inFlightFor(long now) {
        synchronized (lock) {
            return inFlight ? Math.max(0, now - inFlightSince) : -1;
        }
    }

    private void enqueue(Frame frame) {
        queue.add(frame);
        queuedBytes += frame.size();
        if (frame.reply) {
            queuedReplies++;
        }
    }

    private void clearLocked() {
        queue.clear();
        queuedBytes = 0;
        queuedReplies = 0;
    }

    /** Sends queued frames one at a time; one thread at a time runs this loop. */
    private void pump() {
        synchronized (lock) {
            if (pumping) {
                return; // the pumping thread sees what the caller changed when it next looks
            }
            pumping = true;
        }
        boolean drained = false;
        Frame close = null;
        Frame marker = null;
        for (;;) {
            Frame next;
            synchronized (lock) {
                if (ended || inFlight || queue.isEmpty()) {
                    pumping = false;
                    if (sinkWaiting && queue.isEmpty() && !closing) {
                        sinkWaiting = false;
                        drained = true;
                    }
                    break;
                }
                next = queue.poll();
                queuedBytes -= next.size();
                if (next.reply) {
                    queuedReplies--;
                }
                if (next.text == null && next.topic == null) {
                    clearLocked();
                    pumping = false;
                    close = next;
                    break;
                }
                if (next.text == null) {
                    marker = next; // a silent reset: nothing to send, nothing in flight
                } else {
                    inFlight = true;
                    inFlightSince = System.nanoTime();
                }
            }
            if (marker != null) {
                listener.delivered(marker.topic, marker.id, marker.reset);
                marker = null;
                continue;
            }
            send(next);
        }
        if (close != null) {
            listener.closeReached(close.closeCode, close.closeReason);
        }
        if (drained) {
            listener.drained();
        }
    }

    private void send(Frame frame) {
        try {
            remote.sendText(frame.text, result -> sent(frame, result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            sent(frame, e); // closed meanwhile (IllegalStateException), or the container refused
        }
    }

    private void sent(Frame frame, Throwable failure) {
        if (failure == null && frame.topic != null) {
            listener.delivered(frame.topic, frame.id, frame.reset);
        }
        synchronized (lock) {
            inFlight = false;
        }
        if (failure != null) {
            listener.sendFailed(failure);
            return;
        }
        pump();
    }
}
