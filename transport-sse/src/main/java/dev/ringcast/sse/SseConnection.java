package dev.ringcast.sse;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.http.ConnectionLimits;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One open event stream: the hub's sink for its subscription, and the container's write and
 * async listener for its response.
 *
 * <h2>Threads</h2>
 * The hub calls the sink methods from a dispatch thread (one at a time), the container calls
 * {@link #onWritePossible()} and the async listener from its threads, and the servlet's heartbeat
 * timer calls {@link #heartbeat()}. Every use of the output stream holds this connection's lock;
 * all writes are non-blocking ({@code isReady()} before each), so the lock is held for a copy into
 * the container's buffer, never for network I/O.
 *
 * <h2>Back-pressure and memory</h2>
 * Nothing is written before the container's first {@link #onWritePossible()}: the stream's
 * preamble waits in {@code pending}, and so does a batch that arrives before it. A batch goes out
 * as one write when its frames are small ({@link #COPY_LIMIT} bytes in all, copied into one
 * array); a larger batch is written frame by frame from the events' own frames, built once per
 * event and shared by every stream, so a stream never holds a private copy of large events. When
 * the container cannot take more, the rest of the batch waits in {@code pending} (references to
 * those shared frames), the sink answers "not ready" and the subscription parks until
 * {@link #onWritePossible()} has written it all. A stream therefore holds at most one batch, and
 * the hub bounds a batch's bytes ({@code EventHubBuilder.maxBatchBytes}).
 */
final class SseConnection implements EventSink, WriteListener, AsyncListener {

    /** Heartbeats a stream may stay unwritable before it is taken for dead. */
    private static final int MAX_STALLED_HEARTBEATS = 4;

    /** A batch whose frames add up to at most this many bytes is copied into one array and written at once. */
    static final int COPY_LIMIT = 16 * 1024;

    private final SseServlet servlet;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final List<String> topics;

    // Guarded by this: the output stream, what waits for it, and the stream's state.
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private boolean started;
    private boolean closed;
    private boolean sinkWaiting;
    private int stalledHeartbeats;
    // The stream id after everything in pending, and whether the stream ends once pending is written.
    private String position;
    private boolean finishing;

    // Owned by the sink callbacks (serialized by the hub): the composite id's parts.
    private final long[] lastIds;

    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> expiry;
    private final ConnectionLimits.Admission admission;
    private final FrameFormat<byte[]> withId;
    private final FrameFormat<byte[]> withoutId;

    /**
     * @param preamble what the stream sends before any event (retry hint, position or resets)
     * @param admission the stream's place among the open connections, released when the servlet forgets it
     * @param envelope whether events go as unnamed messages carrying the envelope ({@code envelope=true})
     */
    SseConnection(SseServlet servlet, AsyncContext async, ServletOutputStream out, List<String> topics,
                  long[] startIds, byte[] preamble, ConnectionLimits.Admission admission, boolean envelope) {
        this.admission = admission;
        this.withId = envelope ? SseFrames.ENVELOPE_WITH_ID : SseFrames.WITH_ID;
        this.withoutId = envelope ? SseFrames.ENVELOPE_WITHOUT_ID : SseFrames.WITHOUT_ID;
        this.servlet = servlet;
        this.async = async;
        this.out = out;
        this.topics = topics;
        this.lastIds = startIds.clone();
        this.pending.add(preamble);
        this.position = StreamId.format(startIds);
    }

    /** Hands over the task that ends the stream when its credentials expire; cancelled when it closes. */
    void expiry(ScheduledFuture<?> task) {
        expiry = task;
        synchronized (this) {
            if (!closed) {
                return;
            }
        }
        task.cancel(false);
    }

    /**
     * The stream's credentials expired: after what is queued, sends the final
     * {@code credentials-expired} event (its id the stream's position, so the client knows where
     * to resume) and ends the stream. No event follows it.
     *
     * @param message what happened and what to do, for the event's data
     * @param expiredAt when the credentials expired
     */
    void expire(String message, java.time.Instant expiredAt) {
        boolean done;
        synchronized (this) {
            if (closed || finishing) {
                return;
            }
            finishing = true;
            pending.add(SseFrames.credentialsExpired(position, message, expiredAt));
            done = false;
            if (started) {
                try {
                    done = drainLocked();
                } catch (IOException | IllegalStateException e) {
                    done = true;
                }
            }
        }
        Subscription s = subscription;
        if (s != null) {
            s.cancel(); // nothing after the final event
        }
        if (done) {
            close();
        }
    }

    ConnectionLimits.Admission admission() {
        return admission;
    }

    void attach(Subscription s) {
        subscription = s;
        synchronized (this) {
            if (!closed) {
                return;
            }
        }
        s.cancel(); // the client left while we subscribed
    }

    @Override
    public boolean onEvents(Subscription s, List<Event> events) {
        subscription = s;
        List<byte[]> frames = new ArrayList<>(lastIds.length == 1 ? events.size() : events.size() * 2);
        int size = 0;
        for (Event e : events) {
            if (lastIds.length == 1) {
                lastIds[0] = e.id();
            }
            if (lastIds.length > 1) {
                lastIds[topics.indexOf(e.topic())] = e.id();
                byte[] id = ("id: " + StreamId.format(lastIds) + "\n").getBytes(StandardCharsets.US_ASCII);
                frames.add(id);
                size += id.length;
                byte[] body = e.frame(withoutId);
                frames.add(body);
                size += body.length;
            } else {
                byte[] frame = e.frame(withId);
                frames.add(frame);
                size += frame.length;
            }
        }
        if (size <= COPY_LIMIT && frames.size() > 1) {
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] f : frames) {
                System.arraycopy(f, 0, all, at, f.length);
                at += f.length;
            }
            return write(List.of(all), StreamId.format(lastIds));
        }
        return write(frames, StreamId.format(lastIds));
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        subscription = s;
        lastIds[topics.indexOf(reset.topic())] = reset.oldestId() - 1;
        String id = StreamId.format(lastIds);
        return write(List.of(SseFrames.reset(id, reset)), id);
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        close();
    }

    /**
     * Queues frames and writes what the container takes now.
     *
     * @param streamId the stream's id once these frames are sent
     * @return true if everything was written and the container can take more now
     */
    private boolean write(List<byte[]> frames, String streamId) {
        synchronized (this) {
            if (closed || finishing) {
                return true; // the subscription is being cancelled; nothing more will be asked
            }
            pending.addAll(frames);
            position = streamId;
            if (!started) {
                sinkWaiting = true;
                return false; // the first onWritePossible writes it
            }
            try {
                boolean ready = drainLocked();
                if (!ready) {
                    sinkWaiting = true;
                }
                return ready;
            } catch (IOException | IllegalStateException e) {
                // IOException: the client went away. IllegalStateException: the container already
                // completed the response. Either way the stream is over.
            }
        }
        close();
        return true;
    }

    /**
     * Writes pending frames while the container takes them, then flushes. A non-blocking stream
     * may be written only after {@code isReady()} said yes; when it says no, the container calls
     * {@link #onWritePossible()} later.
     *
     * @return true if nothing is pending and the container can take more
     */
    private boolean drainLocked() throws IOException {
        while (!pending.isEmpty()) {
            if (!out.isReady()) {
                return false;
            }
            out.write(pending.poll());
        }
        if (!out.isReady()) {
            return false;
        }
        out.flush();
        return out.isReady();
    }

    @Override
    public void onWritePossible() throws IOException {
        Subscription s = null;
        boolean done = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            started = true;
            if (!drainLocked()) {
                return; // called again once the container has written it
            }
            stalledHeartbeats = 0;
            if (finishing) {
                done = true; // the final event is out
            } else if (sinkWaiting) {
                sinkWaiting = false;
                s = subscription;
            }
        }
        if (done) {
            close();
        } else if (s != null) {
            s.resume();
        }
    }

    /** Called by the servlet's timer: keeps proxies from closing the stream and finds dead peers. */
    void heartbeat() {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (started && pending.isEmpty() && out.isReady()) {
                    stalledHeartbeats = 0;
                    out.write(SseFrames.HEARTBEAT);
                    if (out.isReady()) {
                        out.flush();
                    }
                    return;
                }
                if (++stalledHeartbeats <= MAX_STALLED_HEARTBEATS) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                // the peer is gone
            }
        }
        close();
    }

    /** Ends the stream: cancels the subscription and completes the response. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        servlet.forget(this);
        ScheduledFuture<?> task = expiry;
        if (task != null) {
            task.cancel(false);
        }
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (client gone, or error)
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }
}
