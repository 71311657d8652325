package dev.ringcast.examples.iot;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.http.ServletAccessRequest;
import dev.ringcast.websocket.ChannelInfo;
import dev.ringcast.websocket.ChannelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v2/notification/websocket}: the API key's websocket channel.
 *
 * <ul>
 *   <li>{@code PUT}: registers the channel (201) or confirms it (200): from now on the
 *       notifications wait for it while no connection is open;</li>
 *   <li>{@code GET}: the channel (200), or 404;</li>
 *   <li>{@code DELETE}: deletes it (204), its queued notifications with it, or 404; an open
 *       connection is closed (4002).</li>
 * </ul>
 * A channel is answered as {@code {"queue_size": <notifications waiting>, "status":
 * "connected"|"disconnected"}}, the platform's {@code WebsocketChannel}. Each key has at most one
 * channel: Ringcast's {@link ChannelRegistry} holds it under the key as owner and the name
 * {@value IotNotificationServer#CHANNEL}, reading the notifications topic.
 *
 * <p>Thread-safe; requests are short and blocking.
 */
public final class WebsocketChannelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ChannelRegistry channels;
    private final transient Authorizer authorizer;
    private final String topic;

    /**
     * @param channels the channels
     * @param authorizer identifies the key ({@link Decision#allowAs})
     * @param topic the topic every channel reads
     */
    public WebsocketChannelServlet(ChannelRegistry channels, Authorizer authorizer, String topic) {
        this.channels = channels;
        this.authorizer = authorizer;
        this.topic = topic;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("PUT") && !method.equals("GET") && !method.equals("DELETE")) {
            response.setHeader("Allow", "PUT, GET, DELETE");
            HttpErrors.send(response, 405, method + " is not supported here: use PUT to register the channel, "
                    + "GET to read it, DELETE to delete it");
            return;
        }
        Decision decision = authorizer.authorize(
                new ServletAccessRequest(request, AccessRequest.Action.SUBSCRIBE, List.of(), "channels"));
        if (!decision.allowed() || decision.principalName().isEmpty()) {
            HttpErrors.send(response, decision.allowed() ? 401 : decision.status(),
                    decision.allowed() ? "no API key: send Authorization: Bearer <your API key>" : decision.message());
            return;
        }
        String key = decision.principalName().get();
        try {
            switch (method) {
                case "PUT" -> {
                    boolean existed = channels.get(key, IotNotificationServer.CHANNEL).isPresent();
                    ChannelInfo channel = channels.register(key, IotNotificationServer.CHANNEL, List.of(topic));
                    send(response, existed ? 200 : 201, channel);
                }
                case "GET" -> {
                    Optional<ChannelInfo> channel = channels.get(key, IotNotificationServer.CHANNEL);
                    if (channel.isPresent()) {
                        send(response, 200, channel.get());
                    } else {
                        notFound(response);
                    }
                }
                default -> {
                    if (channels.delete(key, IotNotificationServer.CHANNEL)) {
                        response.setStatus(204);
                    } else {
                        notFound(response);
                    }
                }
            }
        } catch (IllegalStateException e) {
            HttpErrors.send(response, 503, "the server is shutting down: try again later");
        }
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        HttpErrors.send(response, 404, "this API key has no websocket channel: register it with PUT "
                + "/v2/notification/websocket (channels expire after a period without a connection)");
    }

    private static void send(HttpServletResponse response, int status, ChannelInfo channel) throws IOException {
        byte[] body = ("{\"queue_size\":" + channel.queuedEvents() + ",\"status\":\""
                + (channel.connected() ? "connected" : "disconnected") + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
