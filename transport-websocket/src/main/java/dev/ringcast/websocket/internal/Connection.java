package dev.ringcast.websocket.internal;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.core.SubscriptionRequest;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.internal.ServletAuthorization;
import dev.ringcast.websocket.RingcastCloseCodes;
import dev.ringcast.websocket.WebSocketFrames;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket session: the hub's sink for its one subscription, its control messages, its
 * keepalive and its closing. Its frames go through an {@link Outbox}: one send in flight, and the
 * sink answers "not ready" past {@link WebSocketSettings#sendQueueBytes()} until the queue drains.
 *
 * <h2>Threads</h2>
 * The hub calls the sink from a dispatch thread, one call at a time; the container calls the
 * message handlers (one at a time for this session), completion handlers and {@link #ended()};
 * the {@link Housekeeper}'s threads run the keepalive, pings and closes. Subscription changes
 * (control messages, channel updates) are serialized by {@code topicsLock}, which is taken
 * before the outbox's lock and never held while calling hooks.
 */
public final class Connection implements EventSink {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    /** How long a re-subscribe waits for an earlier unsubscribe of the topic to take effect. */
    private static final long REMOVAL_WAIT_NANOS = Duration.ofSeconds(2).toNanos();
    private static final int MAX_BINARY_BYTES = 1024;
    private static final byte[] PING_PAYLOAD = "ringcast".getBytes(StandardCharsets.US_ASCII);
    private static final String SERVER_ERROR = "server error: reconnect and resume with your last ids";

    /** What a kind of connection adds: a channel records deliveries and learns of the end. */
    public interface Hooks {
        /** Hooks that do nothing: a plain topic connection. */
        Hooks NONE = new Hooks() {
        };

        /**
         * A frame of an event or a reset was sent: called in send order, on the thread of the
         * send's completion, before the next send starts.
         *
         * @param connection the connection
         * @param topic the frame's topic
         * @param id the event's id, or for a reset the id after which the stream continues
         * @param reset true for a reset frame
         */
        default void delivered(Connection connection, String topic, long id, boolean reset) {
        }

        /**
         * The session ended; called once.
         *
         * @param connection the connection
         */
        default void ended(Connection connection) {
        }
    }

    /** How a subscribe ended. */
    public enum SubscribeResult {
        /** Subscribed; the {@code subscribed} frame is queued. */
        SUBSCRIBED,
        /** The connection already reads the topic. */
        ALREADY,
        /** The connection reads as many topics as it may. */
        TOO_MANY,
        /** An unsubscribe of the topic did not take effect in time. */
        BUSY,
        /** The connection is closing. */
        CLOSED
    }

    // Immutable.
    private final Session session;
    private final EventHub hub;
    private final WebSocketSettings settings;
    private final Housekeeper housekeeper;
    private final int maxTopics;
    private final String subscriptionsRefused;
    private final boolean controlFrames;
    private final Hooks hooks;
    private final Keepalive keepalive;
    private final Outbox outbox;

    // Guarded by topicsLock: the subscription's topic changes.
    private final Object topicsLock = new Object();
    private TypeFilter types = TypeFilter.all();
    private volatile Subscription subscription;

    // Any thread.
    private volatile Subscription sinkSubscription;
    private volatile ScheduledFuture<?> keepaliveTask;
    private volatile ScheduledFuture<?> expiryTask;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile ConnectionLimits.Admission admission;

    /**
     * As {@link #Connection(Session, EventHub, WebSocketSettings, Housekeeper, int, String, Hooks)},
     * refusing subscribe messages as a channel connection does when {@code controlSubscriptions} is false.
     *
     * @param session the session
     * @param hub the hub
     * @param settings the settings
     * @param housekeeper the endpoint's threads
     * @param maxTopics the most topics it may read
     * @param controlSubscriptions whether subscribe and unsubscribe messages are accepted
     * @param hooks what its kind adds
     */
    public Connection(Session session, EventHub hub, WebSocketSettings settings, Housekeeper housekeeper,
                      int maxTopics, boolean controlSubscriptions, Hooks hooks) {
        this(session, hub, settings, housekeeper, maxTopics, controlSubscriptions ? null
                : "this connection reads a channel: change its topics with PUT on the channel", hooks);
    }

    /**
     * Sets the session's limits, registers its message handlers and starts its keepalive. Call
     * from the endpoint's {@code onOpen}.
     *
     * @param session the session
     * @param hub the hub
     * @param settings the settings
     * @param housekeeper the endpoint's threads
     * @param maxTopics the most topics it may read
     * @param subscriptionsRefused null if subscribe and unsubscribe messages are accepted, else
     *     the message of the error that answers them
     * @param hooks what its kind adds
     */
    public Connection(Session session, EventHub hub, WebSocketSettings settings, Housekeeper housekeeper,
                      int maxTopics, String subscriptionsRefused, Hooks hooks) {
        this.session = session;
        this.hub = hub;
        this.settings = settings;
        this.housekeeper = housekeeper;
        this.maxTopics = maxTopics;
        this.subscriptionsRefused = subscriptionsRefused;
        this.controlFrames = settings.controlFrames();
        this.hooks = hooks;
        this.keepalive = new Keepalive(settings.deadPeerTimeout().toNanos(), System.nanoTime());
        this.outbox = new Outbox(session.getAsyncRemote(), settings.sendQueueBytes(), settings.eventFrames(),
                controlFrames, new OutboxListener());
        housekeeper.acquire();
        session.setMaxTextMessageBufferSize(settings.maxInboundMessageBytes());
        // Binary messages are only answered with an error; Tomcat allocates this buffer per session.
        session.setMaxBinaryMessageBufferSize(Math.min(settings.maxInboundMessageBytes(), MAX_BINARY_BYTES));
        session.addMessageHandler(String.class, this::onText);
        session.addMessageHandler(PongMessage.class, pong -> keepalive.heard(System.nanoTime()));
        session.addMessageHandler(ByteBuffer.class, this::onBinary);
        long interval = settings.pingInterval().toNanos();
        if (interval > 0) {
            // The container's idle timeout stays as a backstop, well beyond the keepalive's verdict.
            session.setMaxIdleTimeout(Duration.ofNanos(2 * (interval + keepalive.timeoutNanos())).toMillis());
            keepaliveTask = housekeeper.every(() -> keepaliveTick(true), interval);
        }
    }

    // ---- subscription -------------------------------------------------------------------------

    /**
     * Starts the connection's subscription: a {@code subscribed} frame per topic, then its events.
     *
     * @param topics each topic with the id after which to read, in order; may be empty
     * @param eventTypes the type filter for this and later subscriptions
     */
    public void open(Map<String, Long> topics, TypeFilter eventTypes) {
        synchronized (topicsLock) {
            types = eventTypes;
            if (topics.isEmpty()) {
                return;
            }
            SubscriptionRequest.Builder request = SubscriptionRequest.builder().typeFilter(types);
            for (Map.Entry<String, Long> t : topics.entrySet()) {
                if (!outbox.subscribe(t.getKey(), t.getValue())) {
                    return; // closing
                }
                request.topic(t.getKey(), Position.after(t.getValue()));
            }
            try {
                start(hub.subscribe(request.build(), this));
            } catch (LimitExceededException e) {
                limited(e.status(), e.getMessage(), e.retryAfterSeconds());
                return;
            } catch (IllegalStateException e) {
                hubClosed();
            }
        }
        outbox.flush();
    }

    /**
     * Gives the connection its place among the open connections, released when it ends (at once
     * if it has ended already).
     *
     * @param place the admission
     */
    public void admitted(ConnectionLimits.Admission place) {
        admission = place;
        if (ended.get()) {
            place.release();
        }
    }

    /**
     * Starts reading a topic: queues its {@code subscribed} frame, then its events follow.
     *
     * @param topic a valid topic name
     * @param afterId the id after which to read
     * @return how it went
     * @throws LimitExceededException if the hub holds its most topics and the topic is new
     */
    public SubscribeResult subscribe(String topic, long afterId) {
        synchronized (topicsLock) {
            if (outbox.takes(topic)) {
                return SubscribeResult.ALREADY;
            }
            if (outbox.topicCount() >= maxTopics) {
                return SubscribeResult.TOO_MANY;
            }
            Subscription s = subscription;
            // After an unsubscribe, events the old cursor read may still be on their way to the
            // sink; the new cursor must not start before they are gone, or the client would get
            // them twice and out of order.
            if (s != null && !awaitRemoval(s, topic)) {
                return SubscribeResult.BUSY;
            }
            if (!outbox.subscribe(topic, afterId)) {
                return SubscribeResult.CLOSED;
            }
            try {
                if (s == null) {
                    start(hub.subscribe(SubscriptionRequest.builder().topic(topic, Position.after(afterId))
                            .typeFilter(types).build(), this));
                } else {
                    s.addTopic(topic, Position.after(afterId));
                }
            } catch (LimitExceededException e) {
                outbox.unsubscribe(topic); // the hub holds its most topics: the subscribed frame is withdrawn
                throw e;
            } catch (IllegalStateException e) {
                hubClosed();
                return SubscribeResult.CLOSED;
            }
        }
        outbox.flush();
        return SubscribeResult.SUBSCRIBED;
    }

    /**
     * Stops reading a topic: queues its {@code unsubscribed} frame; no event of it follows.
     *
     * @param topic the topic
     * @return false if the connection did not read it
     */
    public boolean unsubscribe(String topic) {
        synchronized (topicsLock) {
            if (!outbox.unsubscribe(topic)) {
                return false;
            }
            Subscription s = subscription;
            if (s != null) {
                s.removeTopic(topic);
            }
        }
        return true;
    }

    private void start(Subscription s) {
        subscription = s;
        if (ended.get()) {
            s.cancel(); // the session ended while we subscribed
        }
    }

    private static boolean awaitRemoval(Subscription s, String topic) {
        if (!s.topics().contains(topic)) {
            return true;
        }
        // Rare: a re-subscribe right after an unsubscribe. The drain applies the removal between
        // batches, in microseconds unless a sink call is stuck on a slow client.
        try {
            s.removeTopic(topic).toCompletableFuture().get(REMOVAL_WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return !s.isClosed() && !s.topics().contains(topic);
    }

    // ---- the sink -----------------------------------------------------------------------------

    @Override
    public boolean onEvents(Subscription s, List<Event> events) {
        sinkSubscription = s;
        return outbox.events(events);
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        sinkSubscription = s;
        return outbox.reset(reset);
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        switch (reason.kind()) {
            case CANCELLED -> {
                // cancelled by this connection as it closes
            }
            case HUB_CLOSED -> hubClosed();
            case BACKLOG_LIMIT -> closeAfterQueued(RingcastCloseCodes.BACKLOG_LIMIT,
                    "fell behind the backlog limit: reconnect with your last ids to catch up");
            case SINK_ERROR -> {
                LOG.log(System.Logger.Level.WARNING, "WebSocket session " + session.getId() + " failed", reason.error());
                closeNow(RingcastCloseCodes.SERVER_ERROR, SERVER_ERROR);
            }
        }
    }

    private void hubClosed() {
        closeAfterQueued(RingcastCloseCodes.GOING_AWAY, "the event hub was closed: reconnect later and resume");
    }

    /** What the outbox reports, on whichever thread completed a send or drained the queue. */
    private final class OutboxListener implements Outbox.Listener {
        @Override
        public void delivered(String topic, long id, boolean reset) {
            hooks.delivered(Connection.this, topic, id, reset);
        }

        @Override
        public void drained() {
            Subscription s = sinkSubscription;
            if (s != null) {
                s.resume();
            }
        }

        @Override
        public void sendFailed(Throwable failure) {
            LOG.log(System.Logger.Level.DEBUG, () -> "send on WebSocket session " + session.getId() + " failed", failure);
            closeNow(RingcastCloseCodes.SERVER_ERROR, "a send failed");
        }

        @Override
        public void closeReached(int code, String reason) {
            closeSession(code, reason);
        }
    }

    // ---- inbound ------------------------------------------------------------------------------

    /**
     * Queues a reply frame (pong, error, ...), unless the endpoint sends no control frames. A
     * client that leaves too many unread is closed with 1008.
     *
     * @param text the frame
     */
    public void reply(String text) {
        if (!controlFrames) {
            return;
        }
        if (outbox.reply(text) == Outbox.Offer.FLOODED) {
            closeNow(RingcastCloseCodes.POLICY_VIOLATION, Outbox.MAX_QUEUED_REPLIES
                    + " replies are waiting: read them before sending more");
        }
    }

    private void onText(String text) {
        keepalive.heard(System.nanoTime());
        ControlMessage message;
        try {
            message = ControlMessage.parse(text);
        } catch (BadRequestException e) {
            reply(WebSocketFrames.error(e.status(), e.getMessage()));
            return;
        }
        try {
            switch (message.action()) {
                case PING -> reply(WebSocketFrames.pong());
                case SUBSCRIBE -> controlSubscribe(message.topic(), message.lastEventId());
                case UNSUBSCRIBE -> controlUnsubscribe(message.topic());
            }
        } catch (RuntimeException e) { // an authorizer that threw: a server bug, not the client's
            LOG.log(System.Logger.Level.WARNING, "control message on WebSocket session " + session.getId() + " failed", e);
            closeNow(RingcastCloseCodes.SERVER_ERROR, SERVER_ERROR);
        }
    }

    private void onBinary(ByteBuffer ignored) {
        keepalive.heard(System.nanoTime());
        reply(WebSocketFrames.error(400, "binary messages are not understood: send control messages as JSON text, "
                + "e.g. {\"action\":\"ping\"}"));
    }

    private void controlSubscribe(String topic, Long lastEventId) {
        if (subscriptionsRefused != null) {
            reply(WebSocketFrames.error(400, subscriptionsRefused));
            return;
        }
        Decision decision;
        try {
            decision = settings.authorizer().authorize(
                    new SessionAccessRequest(session, AccessRequest.Action.SUBSCRIBE, List.of(topic), "websocket"));
            if (decision == null) {
                throw new IllegalStateException("the authorizer returned null");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer threw on a subscribe on WebSocket session "
                    + session.getId() + "; closing it with 1011", e);
            failed(e);
            return;
        }
        if (!decision.allowed()) {
            reply(WebSocketFrames.error(decision.status(), decision.message()));
            return;
        }
        long afterId;
        SubscribeResult result;
        try {
            // The window first, given an id or not: a topic the hub cannot create is refused before anything is queued.
            long head = hub.window(topic).headId();
            afterId = lastEventId != null ? lastEventId : head;
            result = subscribe(topic, afterId);
        } catch (LimitExceededException e) {
            reply(WebSocketFrames.error(e.status(), e.getMessage(), e.retryAfterSeconds()));
            return;
        } catch (IllegalStateException e) {
            hubClosed();
            return;
        }
        switch (result) {
            case ALREADY -> reply(WebSocketFrames.error(409, "already subscribed to \"" + topic
                    + "\": unsubscribe first to start it again from another id"));
            case TOO_MANY -> reply(WebSocketFrames.error(400, "this connection reads " + maxTopics
                    + " topics, the most it may: unsubscribe from one first"));
            case BUSY -> reply(WebSocketFrames.error(503, "the unsubscribe from \"" + topic
                    + "\" has not taken effect yet: send the subscribe again"));
            case SUBSCRIBED, CLOSED -> {
                // the subscribed frame is queued, or the connection is closing
            }
        }
    }

    private void controlUnsubscribe(String topic) {
        if (subscriptionsRefused != null) {
            reply(WebSocketFrames.error(400, subscriptionsRefused));
            return;
        }
        if (!unsubscribe(topic)) {
            reply(WebSocketFrames.error(404, "not subscribed to \"" + topic + "\": nothing to unsubscribe"));
        }
    }

    // ---- credentials ----------------------------------------------------------------------------

    /**
     * Ends the connection when its credentials expire: an error frame with status 401 (when
     * control frames are on), then, after what is queued, close
     * {@link RingcastCloseCodes#CREDENTIALS_EXPIRED}.
     *
     * @param at when they expire, or null if they do not
     */
    public void expireAt(java.time.Instant at) {
        if (at == null) {
            return;
        }
        long delay = Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
        ScheduledFuture<?> task = housekeeper.schedule(() -> credentialsExpired(at), Duration.ofMillis(delay).toNanos());
        expiryTask = task;
        if (task != null && ended.get()) {
            task.cancel(false);
        }
    }

    private void credentialsExpired(java.time.Instant at) {
        if (ended.get()) {
            return;
        }
        String reason = "credentials expired: reconnect with a fresh token and your last ids";
        if (controlFrames && outbox.reply(WebSocketFrames.error(401, "your credentials expired at " + at + ": connect "
                + "again with a fresh token and your last ids (lastEventId) to resume where you left off"))
                != Outbox.Offer.QUEUED) {
            closeNow(RingcastCloseCodes.CREDENTIALS_EXPIRED, reason);
            return;
        }
        closeAfterQueued(RingcastCloseCodes.CREDENTIALS_EXPIRED, reason);
    }

    // ---- keepalive ----------------------------------------------------------------------------

    private void keepaliveTick(boolean mayPing) {
        if (ended.get()) {
            return;
        }
        long now = System.nanoTime();
        long inFlightFor = outbox.inFlightFor(now);
        switch (keepalive.tick(now, inFlightFor >= 0, now - inFlightFor)) {
            case PING -> {
                if (mayPing) {
                    keepalive.pinged(now);
                    housekeeper.execute(this::ping);
                    housekeeper.schedule(() -> keepaliveTick(false), keepalive.timeoutNanos());
                }
            }
            case DEAD_NO_PONG -> closeNow(RingcastCloseCodes.KEEPALIVE_TIMEOUT, "no pong within "
                    + settings.deadPeerTimeout().toMillis() + " ms of a ping: the peer is taken for dead");
            case DEAD_STALLED -> closeNow(RingcastCloseCodes.KEEPALIVE_TIMEOUT, "a send made no progress for "
                    + settings.deadPeerTimeout().toMillis() + " ms: the peer is not reading");
            case WAIT -> {
                // a ping awaits its answer, or a send is in flight, within the timeout
            }
        }
    }

    private void ping() {
        if (ended.get() || !session.isOpen()) {
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(PING_PAYLOAD));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "ping on WebSocket session " + session.getId() + " failed", e);
            closeNow(RingcastCloseCodes.KEEPALIVE_TIMEOUT, "a ping failed");
        } catch (RuntimeException e) {
            // a container that refuses a ping while a message is being sent: the next tick tries again
            LOG.log(System.Logger.Level.DEBUG, () -> "ping on WebSocket session " + session.getId() + " refused", e);
        }
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Refuses the connection: an error frame with the whole message (unless the endpoint sends
     * no control frames), then a close with 1008.
     *
     * @param status the HTTP-like status for the error frame
     * @param message what is wrong and how to fix it
     */
    public void refuse(int status, String message) {
        if (!controlFrames) {
            closeAfterQueued(RingcastCloseCodes.POLICY_VIOLATION, message);
            return;
        }
        if (outbox.reply(WebSocketFrames.error(status, message)) == Outbox.Offer.QUEUED) {
            closeAfterQueued(RingcastCloseCodes.POLICY_VIOLATION, message);
        }
    }

    /**
     * Refuses the connection for a limit: an error frame with the status (429 or 503), the whole
     * message and {@code retryAfter} (unless the endpoint sends no control frames), then a close
     * with {@link RingcastCloseCodes#TRY_AGAIN_LATER} (1013).
     *
     * @param status 429 or 503
     * @param message which limit, and what to do
     * @param retryAfterSeconds the wait to suggest
     */
    public void limited(int status, String message, long retryAfterSeconds) {
        if (!controlFrames) {
            closeAfterQueued(RingcastCloseCodes.TRY_AGAIN_LATER, message);
            return;
        }
        if (outbox.reply(WebSocketFrames.error(status, message, retryAfterSeconds)) == Outbox.Offer.QUEUED) {
            closeAfterQueued(RingcastCloseCodes.TRY_AGAIN_LATER, message);
        } else {
            closeNow(RingcastCloseCodes.TRY_AGAIN_LATER, message);
        }
    }

    /**
     * Sends what is queued, then closes. Stops reading events at once.
     *
     * @param code the close code
     * @param reason the reason, clipped to the protocol's 123 bytes
     */
    public void closeAfterQueued(int code, String reason) {
        if (outbox.closeAfterQueued(code, reason)) {
            cancelSubscription();
        }
    }

    /**
     * Closes now, dropping what is queued.
     *
     * @param code the close code
     * @param reason the reason
     */
    public void closeNow(int code, String reason) {
        outbox.drop();
        cancelSubscription();
        closeSession(code, reason);
    }

    /**
     * The authorizer threw (the caller has logged it): sends an error frame with status 500 and
     * {@link ServletAuthorization#FAILURE_MESSAGE}, the servlet transports' answer, which does not
     * reveal the failure, then closes with 1011, if the session is still open; ends the
     * connection. Not for the container's {@code onError}: the container closes the session for
     * the errors it reports.
     *
     * @param error what failed
     */
    public void failed(Throwable error) {
        if (!ended.get() && session.isOpen()) {
            if (!controlFrames) {
                closeAfterQueued(RingcastCloseCodes.SERVER_ERROR, ServletAuthorization.FAILURE_MESSAGE);
            } else if (outbox.reply(WebSocketFrames.error(500, ServletAuthorization.FAILURE_MESSAGE)) == Outbox.Offer.QUEUED) {
                closeAfterQueued(RingcastCloseCodes.SERVER_ERROR, ServletAuthorization.FAILURE_MESSAGE);
            } else {
                closeNow(RingcastCloseCodes.SERVER_ERROR, ServletAuthorization.FAILURE_MESSAGE);
            }
        } else {
            ended();
        }
    }

    private void cancelSubscription() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void closeSession(int code, String reason) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        // Session.close blocks (Tomcat writes the close frame with a blocking send): off this thread.
        housekeeper.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(new jakarta.websocket.CloseReason(
                            jakarta.websocket.CloseReason.CloseCodes.getCloseCode(code), clipReason(reason)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "close of WebSocket session " + session.getId() + " failed", e);
            }
            ended(); // the container calls it too, from onClose; whichever comes first ends the connection
        });
    }

    /**
     * The session ended: cancels the subscription and the keepalive, tells the hooks, releases the
     * housekeeper. Idempotent; from the endpoint's {@code onClose} and {@code onError}.
     */
    public void ended() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        outbox.end();
        ScheduledFuture<?> task = keepaliveTask;
        if (task != null) {
            task.cancel(false);
        }
        ScheduledFuture<?> expiry = expiryTask;
        if (expiry != null) {
            expiry.cancel(false);
        }
        cancelSubscription();
        ConnectionLimits.Admission place = admission;
        if (place != null) {
            place.release();
        }
        try {
            hooks.ended(this);
        } finally {
            housekeeper.release();
        }
    }

    /** @return true once the session has ended */
    public boolean isEnded() {
        return ended.get();
    }

    /** @return the session's id, for logs */
    public String id() {
        return session.getId();
    }

    /**
     * Clips a close reason to the 123 bytes of UTF-8 RFC 6455 allows, on a character boundary.
     *
     * @param reason the reason
     * @return the reason, clipped
     */
    static String clipReason(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length <= 123) {
            return reason;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > 120) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.append("...").toString();
    }
}
