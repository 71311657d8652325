package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.core.SubscriptionRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.BadRequestException;
import dev.ringcast.http.QueryParameters;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /:/websocket/notifications}: the notifications as WebSocket text messages, each one a
 * bare {@code {"NotificationContainer":{...}}} as the media server sends it (no envelope, no
 * control messages), filtered by {@code filters} and admitted by the same {@link Authorizer} as
 * the SSE stream, with the {@code X-Plex-Token} header or query parameter.
 *
 * <p>Ringcast's own WebSocket endpoint wraps each event in {@code {"id","topic","type","data"}}
 * and takes its topics from the query; this API has neither, so this small endpoint adapts a hub
 * subscription to it: one subscription per connection, one text message per event (the event's
 * data JSON, shared by every connection), at most one send in flight, and back-pressure that
 * parks the subscription while {@value #MAX_QUEUED} messages wait, so that the topic's
 * coalescing gives a slow client the latest progress of each activity.
 *
 * <p>Threads: the container calls {@link #onOpen}, {@link #onClose} and {@link #onError}; the
 * hub calls the sink methods from a dispatch thread; send completions arrive on container
 * threads. The queue and the send state are guarded by one lock, never held during a send.
 */
public final class NotificationSocket extends Endpoint implements EventSink {

    /** How many messages may wait for the connection before its subscription parks. */
    static final int MAX_QUEUED = 64;

    /** The event's data JSON as a string: the message, built once per event and shared. */
    private static final FrameFormat<String> MESSAGE = Event::dataJson;

    private static final String HEADERS = NotificationSocket.class.getName() + ".headers";

    private final EventHub hub;
    private final String topic;
    private final Authorizer authorizer;

    // The session is set in onOpen before subscribing; the subscription by onOpen or by the first
    // delivery, whichever comes first. A container may report the end while onOpen still runs:
    // whichever of onOpen and onClose sees the other's write cancels the subscription.
    private volatile Session session;
    private volatile Subscription subscription;
    private volatile boolean ended;

    // Guarded by lock.
    private final Object lock = new Object();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean draining;
    private boolean parked;

    private NotificationSocket(EventHub hub, String topic, Authorizer authorizer) {
        this.hub = hub;
        this.topic = topic;
        this.authorizer = authorizer;
    }

    /**
     * The endpoint's config, to add to the container.
     *
     * @param hub the hub
     * @param topic the notifications topic
     * @param authorizer decides who may connect
     * @param path the endpoint's path, such as {@code /:/websocket/notifications}
     * @return the config
     */
    public static ServerEndpointConfig config(EventHub hub, String topic, Authorizer authorizer, String path) {
        return ServerEndpointConfig.Builder.create(NotificationSocket.class, path)
                .configurator(new Configurator(hub, topic, authorizer))
                .build();
    }

    @Override
    public void onOpen(Session newSession, EndpointConfig config) {
        session = newSession;
        // Notifications may be minutes apart: no idle timeout (a dead peer is found by a failed send).
        newSession.setMaxIdleTimeout(0);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) config.getUserProperties()
                .getOrDefault(HEADERS, Map.of());
        Decision decision = authorizer.authorize(new HandshakeAccess(newSession, headers, topic));
        if (!decision.allowed()) {
            close(jakarta.websocket.CloseReason.CloseCodes.VIOLATED_POLICY, decision.status() + " " + decision.message());
            return;
        }
        dev.ringcast.core.TypeFilter types;
        try {
            List<String> filters = newSession.getRequestParameterMap().get("filters");
            types = QueryParameters.types(filters == null || filters.isEmpty() ? null : filters.get(0));
        } catch (BadRequestException e) {
            close(jakarta.websocket.CloseReason.CloseCodes.VIOLATED_POLICY, "filters: " + e.getMessage());
            return;
        }
        try {
            subscription = hub.subscribe(SubscriptionRequest.builder().topic(topic, Position.live()).typeFilter(types).build(),
                    this);
            if (ended) {
                cancel();
            }
        } catch (IllegalStateException e) {
            close(jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, "the server is shutting down");
        }
    }

    @Override
    public void onClose(Session closed, jakarta.websocket.CloseReason reason) {
        ended = true;
        cancel();
    }

    @Override
    public void onError(Session failed, Throwable error) {
        ended = true;
        cancel();
    }

    @Override
    public boolean onEvents(Subscription s, List<Event> events) {
        subscription = s; // the first delivery may come before subscribe() has returned to onOpen
        boolean ready;
        synchronized (lock) {
            for (Event e : events) {
                queue.add(e.frame(MESSAGE));
            }
            ready = queue.size() < MAX_QUEUED;
            parked = !ready;
        }
        drain();
        return ready;
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        return true; // a live stream that started at the head: the client asked for no history
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        if (reason.kind() == CloseReason.Kind.HUB_CLOSED) {
            close(jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, "the server is shutting down");
        } else if (reason.kind() != CloseReason.Kind.CANCELLED) {
            close(jakarta.websocket.CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the stream ended: reconnect");
        }
    }

    /**
     * Sends what is queued, one message in flight at a time. A completion that runs inside
     * {@code sendText} finds {@code draining} set and returns: the loop sends the next message,
     * so the stack does not grow with the queue.
     */
    private void drain() {
        synchronized (lock) {
            if (draining) {
                return;
            }
            draining = true;
        }
        for (;;) {
            String message;
            synchronized (lock) {
                if (sending || queue.isEmpty()) {
                    draining = false;
                    return;
                }
                message = queue.poll();
                sending = true;
            }
            try {
                session.getAsyncRemote().sendText(message, this::sent);
            } catch (RuntimeException e) {
                // The session closed meanwhile; onClose cancels the subscription.
                synchronized (lock) {
                    draining = false;
                }
                cancel();
                return;
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            cancel();
            close(jakarta.websocket.CloseReason.CloseCodes.UNEXPECTED_CONDITION, "a send failed: reconnect");
            return;
        }
        boolean resume;
        synchronized (lock) {
            sending = false;
            resume = parked && queue.isEmpty();
            if (resume) {
                parked = false;
            }
        }
        Subscription s = subscription;
        if (resume && s != null) {
            // Resumed while the queue is empty: the hub's next batch is read from the cursor as it
            // is then, so the updates skipped meanwhile coalesce to each activity's latest.
            s.resume();
        }
        drain();
    }

    private void cancel() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        synchronized (lock) {
            queue.clear();
        }
    }

    private void close(jakarta.websocket.CloseReason.CloseCode code, String reason) {
        String clipped = reason.length() > 120 ? reason.substring(0, 120) : reason; // a close reason is at most 123 bytes
        try {
            session.close(new jakarta.websocket.CloseReason(code, clipped));
        } catch (IOException | IllegalStateException e) {
            // already closed
        }
    }

    /**
     * Makes one endpoint per connection and keeps the handshake's headers for the authorizer.
     * Every method is overridden: the base class would delegate to whichever container's default
     * configurator the service loader finds first.
     */
    private static final class Configurator extends ServerEndpointConfig.Configurator {
        private final EventHub hub;
        private final String topic;
        private final Authorizer authorizer;

        Configurator(EventHub hub, String topic, Authorizer authorizer) {
            this.hub = hub;
            this.topic = topic;
            this.authorizer = authorizer;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new NotificationSocket(hub, topic, authorizer));
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            Map<String, List<String>> headers = new HashMap<>();
            request.getHeaders().forEach((name, values) -> {
                if (name != null && values != null) {
                    headers.put(name, values.stream().filter(Objects::nonNull).toList());
                }
            });
            config.getUserProperties().put(HEADERS, Map.copyOf(headers));
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true; // the token, not a cookie, authenticates: a cross-site page gains nothing
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return "";
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }
    }
}
