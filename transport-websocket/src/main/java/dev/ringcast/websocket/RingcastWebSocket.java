package dev.ringcast.websocket;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.websocket.internal.ChannelOpener;
import dev.ringcast.websocket.internal.Housekeeper;
import dev.ringcast.websocket.internal.RingcastConfigurator;
import dev.ringcast.websocket.internal.SessionOpener;
import dev.ringcast.websocket.internal.TopicOpener;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the {@link ServerEndpointConfig}s to register with any JSR-356 container
 * ({@code jakarta.websocket.server.ServerContainer.addEndpoint}):
 *
 * <pre>{@code
 * ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
 * container.addEndpoint(RingcastWebSocket.endpointConfig(hub, WebSocketSettings.defaults(), "/ws"));
 * container.addEndpoint(RingcastWebSocket.channelEndpointConfig(channels, WebSocketSettings.defaults(),
 *         "/channels/{name}/ws"));
 * }</pre>
 *
 * <p>To refuse a handshake before the upgrade with an HTTP status and a JSON error (rather than an
 * error frame and close 1008 after it), install a {@link HandshakeFilter} for the configs.
 *
 * <p>Each config's connections share a timer and a few threads for pings and closes, started
 * with the first open connection and stopped with the last: a config holds no thread while no
 * connection is open, and there is nothing to close (the container ends its sessions when it
 * stops). Stateless; any thread.
 */
public final class RingcastWebSocket {

    /** The reference path of the topic endpoint. */
    public static final String DEFAULT_PATH = "/ws";

    /** The reference path of the channel endpoint; {@code {name}} is the channel's name. */
    public static final String DEFAULT_CHANNEL_PATH = "/channels/{name}/ws";

    private RingcastWebSocket() {
    }

    /**
     * The topic endpoint: {@code ws://host/ws?topic=a[&topic=b][&types=x,y][&lastEventId=..]},
     * then control messages. See the module's README for the frames and close codes.
     *
     * @param hub the hub to serve
     * @param settings the settings
     * @param path the endpoint's path, such as {@value #DEFAULT_PATH}
     * @return the config to register
     */
    public static ServerEndpointConfig endpointConfig(EventHub hub, WebSocketSettings settings, String path) {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(settings, "settings");
        checkPath(path);
        Housekeeper housekeeper = new Housekeeper("ringcast-ws");
        return config(new TopicOpener(hub, settings, housekeeper), settings, path);
    }

    /**
     * The topic endpoint with default settings.
     *
     * @param hub the hub to serve
     * @param path the endpoint's path, such as {@value #DEFAULT_PATH}
     * @return the config to register
     */
    public static ServerEndpointConfig endpointConfig(EventHub hub, String path) {
        return endpointConfig(hub, WebSocketSettings.defaults(), path);
    }

    /**
     * The channel endpoint: a connection to {@code path} with the channel's name in place of
     * {@code {name}} reads the channel that the client (identified as for {@link ChannelsServlet})
     * registered: first what waited for it, then live events. One connection per channel: a new
     * one replaces the older, which is closed with {@link RingcastCloseCodes#REPLACED}.
     *
     * @param channels the channels
     * @param settings the settings; its authorizer identifies the owner (see {@link ChannelsServlet})
     * @param path the endpoint's path, with a {@code {name}} segment, such as {@value #DEFAULT_CHANNEL_PATH}
     * @return the config to register
     */
    public static ServerEndpointConfig channelEndpointConfig(ChannelRegistry channels, WebSocketSettings settings,
                                                             String path) {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(settings, "settings");
        checkPath(path);
        if (!path.contains("{" + ChannelOpener.NAME_PARAMETER + "}")) {
            throw new IllegalArgumentException("channel endpoint path \"" + path
                    + "\" has no {name} segment: use e.g. " + DEFAULT_CHANNEL_PATH);
        }
        Housekeeper housekeeper = new Housekeeper("ringcast-ws-channels");
        return config(new ChannelOpener(channels.table(), settings, housekeeper, null), settings, path);
    }

    /**
     * A channel endpoint that serves one channel name per owner: a connection to {@code path}
     * (which has no {@code {name}} segment) reads the channel named {@code channelName} that the
     * client registered; otherwise as {@link #channelEndpointConfig(ChannelRegistry, WebSocketSettings, String)}.
     * For an API that gives each key one channel at a fixed URL, such as
     * {@code /v2/notification/websocket-connect}.
     *
     * @param channels the channels
     * @param settings the settings; its authorizer identifies the owner
     * @param path the endpoint's path, such as {@code /v2/notification/websocket-connect}
     * @param channelName the name of the channel every connection reads, 1-128 of {@code [A-Za-z0-9._-]}
     * @return the config to register
     */
    public static ServerEndpointConfig channelEndpointConfig(ChannelRegistry channels, WebSocketSettings settings,
                                                             String path, String channelName) {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(settings, "settings");
        checkPath(path);
        EventNames.checkTopic(channelName);
        Housekeeper housekeeper = new Housekeeper("ringcast-ws-channels");
        return config(new ChannelOpener(channels.table(), settings, housekeeper, channelName), settings, path);
    }

    /**
     * The subprotocols a client offers in its handshake ({@code Sec-WebSocket-Protocol}), in its
     * order: for an authorizer that reads a token a browser passes as a subprotocol (a page cannot
     * set headers on a WebSocket), as in {@code new WebSocket(url, ['wss', 'key_' + token])}. The
     * endpoint selects one of those its settings accept ({@link WebSocketSettings#subprotocols()}).
     *
     * @param request the handshake, as the authorizer sees it
     * @return the offered subprotocols, possibly none
     */
    public static List<String> requestedSubprotocols(AccessRequest request) {
        Optional<String> header = request.header("Sec-WebSocket-Protocol");
        if (header.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : header.get().split(",")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * How many connections of an endpoint are open now, for metrics: those that have opened and
     * not yet ended (refused handshakes never count).
     *
     * @param config a config made by this class
     * @return its open connections
     * @throws IllegalArgumentException if the config was not made by this class
     */
    public static int openConnections(ServerEndpointConfig config) {
        if (config == null || !(config.getConfigurator() instanceof RingcastConfigurator ringcast)) {
            throw new IllegalArgumentException("endpoint config " + config + " is not Ringcast's: pass a config that "
                    + "RingcastWebSocket.endpointConfig or channelEndpointConfig made");
        }
        return ringcast.opener().openConnections();
    }

    private static ServerEndpointConfig config(SessionOpener opener, WebSocketSettings settings, String path) {
        return ServerEndpointConfig.Builder.create(RingcastEndpoint.class, path)
                .subprotocols(settings.subprotocols())
                .configurator(new RingcastConfigurator(() -> new RingcastEndpoint(opener), opener))
                .build();
    }

    private static void checkPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path \"" + path + "\" is invalid: start it with /, e.g. "
                    + DEFAULT_PATH);
        }
    }
}
