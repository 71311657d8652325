package dev.ringcast.longpoll;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.HttpErrors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One held poll: the hub's sink for its subscription, the container's write and async listener
 * for its response, and the target of the servlet's timeout timer.
 *
 * <h2>One answer</h2>
 * Whoever answers first wins a compare-and-set ({@link #answer}): the sink with events or a
 * reset (on a dispatch thread), the timer with {@code []} (on the servlet's timer thread), the
 * hub's close with a 503. The winner cancels the subscription and the timer; the losers do
 * nothing, so an answer is never written twice and a subscription never outlives its poll. A
 * {@code []} that wins against events in flight loses nothing: the client asks again from the
 * same {@code last_event}.
 *
 * <h2>Non-blocking write</h2>
 * The answer is written with non-blocking writes: one, or, for a large answer, one per piece,
 * straight from the events' shared elements (see {@link PollFrames#pieces}). Writing starts once
 * both the answer is chosen and the container has called {@link #onWritePossible()} the first
 * time (a state bit for each; the thread that sets the second one writes). Whenever the container
 * cannot take more, it calls {@link #onWritePossible()} again when it can, which goes on with the
 * next piece and completes the response after the last. So a dispatch thread never waits for a
 * slow client, a poll never holds more than its one answer (bounded by the hub's batch limits),
 * and no lock is held while calling into the container, whatever thread that container calls
 * back on.
 *
 * <h2>Position</h2>
 * Every {@code 200} answer carries {@value #POSITION_HEADER}: the {@code last_event} to poll with
 * next. It is the last element's number, or, for {@code []}, the id the poll started after, so a
 * client that has not seen an event yet still knows where it stands.
 *
 * <h2>Threads</h2>
 * Sink callbacks come from one dispatch thread at a time; container callbacks and the timer from
 * theirs. Shared state is the claim flag, the state bits and two volatile handles; {@link #status}
 * and {@link #body} are written by the claim winner before it sets {@code ANSWERED} and read by
 * the writer after it has seen that bit.
 */
final class HeldPoll implements EventSink, WriteListener, AsyncListener {

    /** The response header that carries the {@code last_event} to poll with next. */
    static final String POSITION_HEADER = "Ringcast-Position";

    /** The container has called onWritePossible: a write may start. */
    private static final int WRITABLE = 1;
    /** The answer's status and body are set. */
    private static final int ANSWERED = 2;
    /** One thread has started writing the answer. */
    private static final int WRITING = 4;
    /** The response was completed (or the container ended it). */
    private static final int DONE = 8;

    /** How soon the timer looks again when a timeout finds events on their way to the sink. */
    private static final long RECHECK_MILLIS = 5;
    /** How long past its timeout a poll waits for events that were on their way, before answering [] anyway. */
    private static final long RECHECK_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LongPollServlet servlet;
    private final EventHub hub;
    private final ScheduledExecutorService timer;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletOutputStream out;
    private final String topic;
    private final long startId;
    private final long position;
    private final int batchLimit;
    private final long deadlineNanos;
    private final ConnectionLimits.Admission admission;

    // Shared by every thread that may answer or end the poll.
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicInteger state = new AtomicInteger();
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> timeout;
    // Written by the claim winner before it sets ANSWERED, then owned by the one writing thread.
    private int status;
    private long answerPosition;
    private long contentLength;
    private ArrayDeque<byte[]> pieces;

    // Owned by the sink callbacks (the hub serializes them): a reset waiting for its events.
    private byte[] resetElement;
    private long resetNumber;
    private long resetRequestedId = -1;

    HeldPoll(LongPollServlet servlet, EventHub hub, ScheduledExecutorService timer, AsyncContext async,
             HttpServletResponse response, ServletOutputStream out, String topic, long startId, long position,
             int batchLimit, long timeoutMillis, ConnectionLimits.Admission admission) {
        this.servlet = servlet;
        this.hub = hub;
        this.timer = timer;
        this.async = async;
        this.response = response;
        this.out = out;
        this.topic = topic;
        this.startId = startId;
        this.position = position;
        this.batchLimit = batchLimit;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) + RECHECK_GRACE_NANOS;
        this.admission = admission;
    }

    /** @return the poll's place among the open connections, released when the servlet forgets the poll */
    ConnectionLimits.Admission admission() {
        return admission;
    }

    /** Hands over the subscription once {@code subscribe} returned; cancels it if the poll was answered meanwhile. */
    void attach(Subscription s) {
        subscription = s;
        if (claimed.get()) {
            s.cancel();
        }
    }

    /** Starts (or restarts) the timeout; cancels it if the poll was answered meanwhile. */
    void expireAfter(long millis) {
        ScheduledFuture<?> f;
        try {
            f = timer.schedule(this::expire, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            answerEmpty(); // the servlet is being destroyed
            return;
        }
        timeout = f;
        if (claimed.get()) {
            f.cancel(false);
        }
    }

    // ---- the hub's sink (one dispatch thread at a time) ----

    @Override
    public boolean onEvents(Subscription s, List<Event> events) {
        if (claimed.get()) {
            s.cancel(); // already answered (the timer, the hub's close): this delivery is not needed
            return false;
        }
        int taken = Math.min(events.size(), batchLimit);
        answer(200, PollFrames.pieces(resetElement, events, batchLimit),
                taken > 0 ? events.get(taken - 1).id() : resetNumber);
        s.cancel();
        return false; // nothing more for this poll; the client asks again from the last number
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        if (resetRequestedId < 0) {
            resetRequestedId = reset.requestedId(); // lapped again while reading: keep what the client asked
        }
        resetElement = PollFrames.resetElement(topic, resetRequestedId, reset.oldestId(), reset.cause());
        resetNumber = reset.oldestId() - 1;
        if (eventsFollow(reset)) {
            return true; // the same drain reads them next: answer the reset with its events
        }
        answer(200, PollFrames.pieces(resetElement, List.of(), 0), resetNumber);
        s.cancel();
        return false;
    }

    private boolean eventsFollow(Reset reset) {
        try {
            return hub.window(topic).headId() >= reset.oldestId();
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        switch (reason.kind()) {
            case CANCELLED -> {
                // This poll's own doing, once answered or ended.
            }
            case HUB_CLOSED -> answer(503, HttpErrors.body("the event hub was closed: poll again later"));
            case BACKLOG_LIMIT -> answerEmpty();
            case SINK_ERROR, FAILED -> answer(500, HttpErrors.body("the poll failed on the server: poll again"));
        }
    }

    // ---- the timer ----

    /**
     * The poll's time is up: answer {@code []}, unless events (or a reset) are on their way to
     * the sink, which a short or zero timeout can beat to the finish: then look again shortly.
     */
    private void expire() {
        if (claimed.get()) {
            return;
        }
        if (deliveryPending() && System.nanoTime() - deadlineNanos < 0) {
            expireAfter(RECHECK_MILLIS);
            return;
        }
        answerEmpty();
    }

    /**
     * True if the topic's head has moved from the id the poll started after (or is not where the
     * poll's {@code last_event} says), so events or a reset are on their way to the sink. Not the
     * subscription's cursor: the hub moves it just before it calls the sink, so a timeout that
     * read it could answer [] with events in hand.
     */
    private boolean deliveryPending() {
        try {
            return hub.window(topic).headId() != startId;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    // ---- answering ----

    /** Answers {@code []}: nothing new since the poll's position, which the header repeats. */
    void answerEmpty() {
        answer(200, List.of(PollFrames.EMPTY), position);
    }

    /**
     * Answers a limit's refusal ({@code Retry-After} and the JSON error), if nobody has answered yet.
     *
     * @param refusal the limit that refused the poll
     */
    void refuse(LimitExceededException refusal) {
        if (claimed.get()) {
            return;
        }
        try {
            response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        } catch (IllegalStateException e) {
            // the container ended the response first
        }
        answer(refusal.status(), HttpErrors.body(refusal.getMessage()));
    }

    /**
     * Answers the poll with an error, if nobody has answered yet.
     *
     * @param answerStatus the status
     * @param answerBody the body, JSON
     */
    void answer(int answerStatus, byte[] answerBody) {
        answer(answerStatus, List.of(answerBody), -1);
    }

    /**
     * Answers the poll, if nobody has yet.
     *
     * @param answerStatus the status
     * @param answerPieces the body's pieces, in order
     * @param nextPosition the {@code last_event} to poll with next, or -1 for none (errors)
     */
    private void answer(int answerStatus, List<byte[]> answerPieces, long nextPosition) {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        status = answerStatus;
        answerPosition = nextPosition;
        long length = 0;
        for (byte[] piece : answerPieces) {
            length += piece.length;
        }
        contentLength = length;
        pieces = new ArrayDeque<>(answerPieces);
        release();
        state.getAndUpdate(s -> s | ANSWERED);
        write();
    }

    /** Cancels the subscription and the timer: called once the poll is answered or ended. */
    private void release() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        ScheduledFuture<?> f = timeout;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Starts writing the answer if it is chosen and the container can take it; only one caller ever writes. */
    private void write() {
        for (;;) {
            int s = state.get();
            if ((s & (WRITABLE | ANSWERED)) != (WRITABLE | ANSWERED) || (s & (WRITING | DONE)) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | WRITING)) {
                break;
            }
        }
        try {
            response.setStatus(status);
            if (answerPosition >= 0) {
                response.setHeader(POSITION_HEADER, Long.toString(answerPosition));
            }
            response.setContentLengthLong(contentLength);
        } catch (IllegalStateException e) {
            complete(); // the container ended the response first
            return;
        }
        writePieces();
    }

    /**
     * Writes the pieces while the container takes them; when it cannot, it calls
     * {@link #onWritePossible()} later, which comes back here. Runs on one thread at a time: the
     * one that won {@code WRITING}, then the container's, only after {@code isReady()} said no.
     */
    private void writePieces() {
        try {
            while (!pieces.isEmpty()) {
                if (!out.isReady()) {
                    return;
                }
                out.write(pieces.poll());
            }
            if (out.isReady()) {
                complete();
            }
            // else: the container calls onWritePossible once the body is out, and that completes.
        } catch (IOException | IllegalStateException e) {
            // IOException: the client went away. IllegalStateException: the container ended the
            // response first. Either way the poll is over.
            complete();
        }
    }

    @Override
    public void onWritePossible() {
        int before = state.getAndUpdate(s -> s | WRITABLE);
        if ((before & WRITING) != 0) {
            writePieces(); // what is left of the answer, then complete
        } else {
            write(); // the first call: write now if the answer is already chosen
        }
    }

    private void complete() {
        if ((state.getAndUpdate(s -> s | DONE) & DONE) != 0) {
            return;
        }
        servlet.forget(this);
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // the container already ended it
        }
    }

    /** Ends the poll without an answer: the client went away or the container gave up on it. */
    private void end() {
        claimed.set(true);
        release();
        complete();
    }

    // ---- the container's listeners ----

    @Override
    public void onError(Throwable t) {
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    /**
     * The container's own timeout, a backstop set well past the poll's: the timer answers first.
     * Reaching it means the answer's write is stuck (a client that stopped reading), so end it.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        answerEmpty();
        end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        claimed.set(true);
        release();
        state.getAndUpdate(s -> s | DONE);
        servlet.forget(this);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // never re-dispatched
    }
}
