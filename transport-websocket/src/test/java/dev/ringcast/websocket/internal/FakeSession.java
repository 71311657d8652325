package dev.ringcast.websocket.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted JSR-356 session for the connection's unit tests: records each text sent, holds its
 * completion until the test completes it (or completes it inline, inside {@code sendText}, as
 * containers may), and counts sends in flight.
 */
final class FakeSession {

    final List<String> sent = new ArrayList<>();
    final Deque<SendHandler> pending = new ArrayDeque<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final Map<Class<?>, MessageHandler> handlers = new HashMap<>();
    final Map<String, Object> userProperties = new HashMap<>();
    volatile boolean completeInline;
    volatile int maxInFlight;
    volatile CloseReason closed;
    volatile int pings;
    final Session session;
    private final RemoteEndpoint.Async async;

    FakeSession() {
        ClassLoader loader = getClass().getClassLoader();
        async = (RemoteEndpoint.Async) Proxy.newProxyInstance(loader, new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        sendText((String) args[0], (SendHandler) args[1]);
                        yield null;
                    }
                    case "sendPing" -> {
                        pings++;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(loader, new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> async;
                    case "getId" -> "fake";
                    case "isOpen" -> closed == null;
                    case "getUserProperties" -> userProperties;
                    case "getRequestParameterMap", "getPathParameters" -> Map.of();
                    case "getUserPrincipal" -> null;
                    case "addMessageHandler" -> {
                        handlers.put((Class<?>) args[0], (MessageHandler) args[1]);
                        yield null;
                    }
                    case "close" -> {
                        closed = args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : (CloseReason) args[0];
                        yield null;
                    }
                    case "setMaxTextMessageBufferSize", "setMaxBinaryMessageBufferSize", "setMaxIdleTimeout" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void sendText(String text, SendHandler handler) {
        int now = inFlight.incrementAndGet();
        synchronized (this) {
            maxInFlight = Math.max(maxInFlight, now);
            sent.add(text);
        }
        if (completeInline) {
            inFlight.decrementAndGet();
            handler.onResult(new SendResult());
        } else {
            synchronized (this) {
                pending.add(handler);
            }
        }
    }

    /** Completes the oldest held send; returns false if none is held. */
    boolean completeOne(boolean ok) {
        SendHandler h;
        synchronized (this) {
            h = pending.poll();
        }
        if (h == null) {
            return false;
        }
        inFlight.decrementAndGet();
        h.onResult(ok ? new SendResult() : new SendResult(new java.io.IOException("peer gone")));
        return true;
    }

    synchronized List<String> sent() {
        return new ArrayList<>(sent);
    }

    @SuppressWarnings("unchecked")
    void receive(String text) {
        ((MessageHandler.Whole<String>) handlers.get(String.class)).onMessage(text);
    }
}
