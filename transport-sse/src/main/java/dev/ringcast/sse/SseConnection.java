package dev.ringcast.sse;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.List;

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
 * <h2>Back-pressure</h2>
 * A batch is written with one write and one flush. When the container cannot take more, the sink
 * answers "not ready" and the subscription parks; {@link #onWritePossible()} resumes it.
 */
final class SseConnection implements EventSink, WriteListener, AsyncListener {

    /** Heartbeats a stream may stay unwritable before it is taken for dead. */
    private static final int MAX_STALLED_HEARTBEATS = 4;

    private final SseServlet servlet;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final List<String> topics;

    // Guarded by this: the output stream, the batch waiting for it, and the closing flag.
    private boolean closed;
    private int stalledHeartbeats;
    private byte[] pending;

    // Owned by the sink callbacks (serialized by the hub): the composite id's parts.
    private final long[] lastIds;

    private volatile Subscription subscription;

    SseConnection(SseServlet servlet, AsyncContext async, ServletOutputStream out, List<String> topics,
                  long[] startIds) {
        this.servlet = servlet;
        this.async = async;
        this.out = out;
        this.topics = topics;
        this.lastIds = startIds.clone();
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
        byte[] bytes;
        if (lastIds.length == 1) {
            bytes = concat(events, null);
        } else {
            bytes = concat(events, s);
        }
        return write(bytes);
    }

    private byte[] concat(List<Event> events, Subscription multi) {
        int size = 0;
        byte[][] parts = new byte[events.size() * (multi == null ? 1 : 2)][];
        int p = 0;
        for (Event e : events) {
            if (multi != null) {
                lastIds[topics.indexOf(e.topic())] = e.id();
                byte[] id = ("id: " + StreamId.format(lastIds) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                parts[p++] = id;
                size += id.length;
                byte[] body = e.frame(SseFrames.WITHOUT_ID);
                parts[p++] = body;
                size += body.length;
            } else {
                byte[] frame = e.frame(SseFrames.WITH_ID);
                parts[p++] = frame;
                size += frame.length;
            }
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        lastIds[topics.indexOf(reset.topic())] = reset.oldestId() - 1;
        return write(SseFrames.reset(StreamId.format(lastIds), reset));
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        close();
    }

    /**
     * Writes one batch: one write, one flush. A non-blocking stream may be written only after
     * {@code isReady()} said yes (the container may not even have called {@code onWritePossible}
     * for the first time yet); otherwise the batch waits in {@code pending} for that callback.
     *
     * @return true if the container can take more now
     */
    private boolean write(byte[] bytes) {
        synchronized (this) {
            if (closed) {
                return true; // the subscription is being cancelled; nothing more will be asked
            }
            try {
                if (pending != null || !out.isReady()) {
                    pending = pending == null ? bytes : join(pending, bytes);
                    return false;
                }
                out.write(bytes);
                if (out.isReady()) {
                    out.flush();
                    return out.isReady();
                }
                return false;
            } catch (IOException | IllegalStateException e) {
                // IOException: the client went away. IllegalStateException: the container already
                // completed the response. Either way the stream is over.
            }
        }
        close();
        return true;
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public void onWritePossible() throws IOException {
        Subscription s;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending != null) {
                byte[] batch = pending;
                pending = null;
                out.write(batch);
                if (!out.isReady()) {
                    return; // called again once the write completes
                }
            }
            out.flush(); // whatever the last write left in the buffer
            if (!out.isReady()) {
                return; // called again once the flush completes
            }
            stalledHeartbeats = 0;
            s = subscription;
        }
        if (s != null) {
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
                if (pending == null && out.isReady()) {
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
        }
        servlet.forget(this);
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
