package dev.ringcast.http.internal;

import dev.ringcast.http.HttpErrors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One request body read with non-blocking I/O ({@link ReadListener}) within a time limit: see
 * {@link RequestBodies#readNonBlocking}. No thread waits for the client's bytes; the container
 * calls {@link #onDataAvailable()} as they arrive, and its async timeout ends a body that takes
 * too long with a 408.
 *
 * <h2>Threads</h2>
 * The container calls the read listener and the async listener, possibly on different threads
 * and, for the timeout, while a read callback runs. Whoever ends the request first wins
 * {@link #finished} and answers; the others do nothing. The buffer is written only by the read
 * callbacks, which the container runs one at a time.
 */
final class NonBlockingBody implements ReadListener, AsyncListener {

    private static final System.Logger LOG = System.getLogger(RequestBodies.class.getName());

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final int maxBytes;
    private final long drainLimit;
    private final Duration timeout;
    private final Function<String, String> tooLarge;
    private final RequestBodies.BodyHandler handler;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final boolean undertow;

    // Owned by the read callbacks.
    private final ByteArrayOutputStream body;
    private final byte[] buffer = new byte[8192];
    private long received;

    NonBlockingBody(HttpServletRequest request, HttpServletResponse response, AsyncContext async, ServletInputStream in,
                    int maxBytes, Duration timeout, Function<String, String> tooLarge, RequestBodies.BodyHandler handler) {
        this.request = request;
        this.response = response;
        this.async = async;
        this.in = in;
        this.maxBytes = maxBytes;
        this.drainLimit = RequestBodies.drainLimit(maxBytes);
        this.timeout = timeout;
        this.tooLarge = tooLarge;
        this.handler = handler;
        this.undertow = String.valueOf(request.getServletContext().getServerInfo()).toLowerCase(java.util.Locale.ROOT)
                .contains("undertow");
        long declared = request.getContentLengthLong();
        this.body = new ByteArrayOutputStream((int) Math.max(256, Math.min(declared, maxBytes)));
    }

    @Override
    public void onDataAvailable() {
        try {
            while (!finished.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                received += n;
                if (received <= maxBytes) {
                    body.write(buffer, 0, n);
                } else if (received > drainLimit) {
                    // Too much to drain: answer now; the connection closes with the rest unread.
                    response.setHeader("Connection", "close");
                    answerTooLarge();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            end(); // the client went away, or the container ended the request
        }
    }

    @Override
    public void onAllDataRead() {
        if (received > maxBytes) {
            answerTooLarge();
            return;
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        RequestBodies.settled(request);
        try {
            handler.onBody(body.toByteArray());
        } catch (IOException e) {
            // the client went away while we answered
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handling a request body failed; answered 500", e);
            sendQuietly(500, "the server failed to handle this request: try again later");
        } finally {
            complete();
        }
    }

    private void answerTooLarge() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        RequestBodies.settled(request);
        long declared = request.getContentLengthLong();
        sendQuietly(413, tooLarge.apply(declared > maxBytes ? declared + " bytes" : "over " + maxBytes + " bytes"));
        complete();
    }

    @Override
    public void onError(Throwable t) {
        end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        RequestBodies.settled(request);
        response.setHeader("Connection", "close");
        sendQuietly(408, "the request body did not arrive within " + seconds(timeout) + ": send the whole body "
                + "at once, at most " + maxBytes + " bytes");
        if (undertow) {
            // Undertow drains what is left of a body with a blocking read when a request completes:
            // a client that keeps sending would hold a worker thread. When a timed-out request's
            // response is committed and no listener completed it, Undertow closes the connection
            // first, and the drain ends at once. So: commit the 408, and let Undertow end it.
            try {
                response.flushBuffer();
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
            return;
        }
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finished.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // never re-dispatched
    }

    private void end() {
        if (finished.compareAndSet(false, true)) {
            complete();
        }
    }

    private void sendQuietly(int status, String message) {
        try {
            HttpErrors.send(response, status, message);
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // the container ended it first
        }
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
