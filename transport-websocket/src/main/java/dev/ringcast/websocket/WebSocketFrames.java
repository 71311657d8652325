package dev.ringcast.websocket;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.Reset;
import java.nio.charset.StandardCharsets;

/**
 * The text frames the server sends, one JSON object per WebSocket message, free of I/O so it is
 * tested on its own.
 *
 * <ul>
 *   <li>an event: {@code {"id":42,"topic":"orders","type":"created","data":<the data JSON as published>}}</li>
 *   <li>the reset signal: {@code {"id":<oldest-1>,"topic":"orders","type":"reset",
 *       "data":{"requested":7,"oldest":100,"cause":"TOO_OLD"}}} — the same shape as an event, and
 *       its {@code id} is the one to resume after, so a client that keeps "the last id per topic"
 *       treats both alike</li>
 *   <li>replies without an {@code id}: {@code {"type":"subscribed","topic":"orders","lastEventId":41}},
 *       {@code {"type":"unsubscribed","topic":"orders"}}, {@code {"type":"pong"}} and
 *       {@code {"type":"error","status":400,"error":"<what is wrong and how to fix it>"}}</li>
 * </ul>
 * A frame with an {@code id} is an event or a reset; a frame without one is a reply of the server.
 *
 * <p>Stateless; any thread.
 */
public final class WebSocketFrames {

    /**
     * An event's text frame. Built once per event and shared by every connection (see
     * {@link Event#frame(FrameFormat)}); the type is JSON-escaped, the topic needs no escaping
     * (its characters are {@code [A-Za-z0-9._-]}), and the data is the published JSON as is.
     */
    public static final FrameFormat<String> EVENT = WebSocketFrames::encode;

    /**
     * An event's data JSON as published, and nothing else: the frame of an API whose messages are
     * the bare payloads (see {@link WebSocketSettings.Builder#eventFrames}). Built once per event
     * and shared.
     */
    public static final FrameFormat<String> DATA = Event::dataJson;

    private WebSocketFrames() {
    }

    private static String encode(Event e) {
        byte[] data = new byte[e.dataLength()];
        e.copyData(data, 0);
        String type = quote(e.type());
        StringBuilder b = new StringBuilder(data.length + type.length() + e.topic().length() + 56);
        b.append("{\"id\":").append(e.id())
                .append(",\"topic\":\"").append(e.topic())
                .append("\",\"type\":").append(type)
                .append(",\"data\":").append(new String(data, StandardCharsets.UTF_8))
                .append('}');
        return b.toString();
    }

    /**
     * The reset signal's frame.
     *
     * @param reset the reset
     * @return the frame; its {@code id} is {@code reset.oldestId() - 1}, after which the stream continues
     */
    public static String reset(Reset reset) {
        return "{\"id\":" + (reset.oldestId() - 1) + ",\"topic\":\"" + reset.topic() + "\",\"type\":\"reset\","
                + "\"data\":{\"requested\":" + reset.requestedId() + ",\"oldest\":" + reset.oldestId()
                + ",\"cause\":\"" + reset.cause() + "\"}}";
    }

    /**
     * The reply to a subscription, sent before any event of the topic.
     *
     * @param topic the topic
     * @param afterId the id after which the connection delivers the topic's events
     * @return {@code {"type":"subscribed","topic":..,"lastEventId":..}}
     */
    public static String subscribed(String topic, long afterId) {
        return "{\"type\":\"subscribed\",\"topic\":\"" + topic + "\",\"lastEventId\":" + afterId + "}";
    }

    /**
     * The reply to an unsubscribe; no event of the topic follows it.
     *
     * @param topic the topic
     * @return {@code {"type":"unsubscribed","topic":..}}
     */
    public static String unsubscribed(String topic) {
        return "{\"type\":\"unsubscribed\",\"topic\":\"" + topic + "\"}";
    }

    /** @return the reply to a ping control message: {@code {"type":"pong"}} */
    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    /**
     * An error reply. The connection stays open unless a close follows (see {@link RingcastCloseCodes}).
     *
     * @param status an HTTP-like status: 400 bad message, 401/403 denied, 404 unknown channel, 409 conflict
     * @param message what is wrong and how to fix it
     * @return {@code {"type":"error","status":..,"error":".."}}
     */
    public static String error(int status, String message) {
        return "{\"type\":\"error\",\"status\":" + status + ",\"error\":" + quote(message) + "}";
    }

    /**
     * An error reply to a request a limit refused, with the wait to suggest.
     *
     * @param status 429 (the client's limit) or 503 (the server's)
     * @param message which limit, and what to do
     * @param retryAfterSeconds how long to wait before trying again, in seconds
     * @return {@code {"type":"error","status":..,"error":"..","retryAfter":<seconds>}}
     */
    public static String error(int status, String message, long retryAfterSeconds) {
        return "{\"type\":\"error\",\"status\":" + status + ",\"error\":" + quote(message) + ",\"retryAfter\":"
                + retryAfterSeconds + "}";
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
