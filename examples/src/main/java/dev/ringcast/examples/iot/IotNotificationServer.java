package dev.ringcast.examples.iot;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleApp;
import dev.ringcast.examples.host.ExampleHost;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.examples.host.PageServlet;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.websocket.ChannelInfo;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.ChannelsServlet;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketFrames;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The IoT platform's websocket notification channel, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code PUT}, {@code GET}, {@code DELETE /v2/notification/websocket} with
 *       {@code Authorization: Bearer <api key>}: the key's channel, answered as the platform's
 *       {@code WebsocketChannel}, {@code {"queue_size":0,"status":"disconnected"}};</li>
 *   <li>{@code GET /v2/notification/websocket-connect} (upgrade): opens the channel's WebSocket,
 *       with the key in the {@code Authorization} header or, from a browser, as the subprotocol
 *       {@code pelion_<key>} beside {@code wss} ({@link ApiKeyAuthorizer}); each message is a bare
 *       {@link NotificationMessage}; a key without a channel, or no key, is refused before the
 *       upgrade (404, 401) with a JSON error;</li>
 *   <li>{@code GET /}: a page that registers a channel and opens it the browser's way.</li>
 * </ul>
 *
 * <p>In Ringcast terms, library features only: the {@link DeviceSimulator} publishes resource
 * changes to the topic {@value #TOPIC}; a channel is a durable channel ({@link ChannelRegistry})
 * owned by the key, named {@value #CHANNEL}, over that topic, registered by a one-channel
 * {@link ChannelsServlet} and read by the channel endpoint of that fixed name, with
 * {@link WebSocketFrames#DATA} frames, no control frames, the {@code wss} subprotocol and a
 * {@link HandshakeFilter}. While no connection is open, what is published waits in the topic's
 * ring and is delivered when one opens; a newer connection replaces the older (closed with 4001);
 * a channel without a connection for the expiry period (24 hours unless configured) is removed.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class IotNotificationServer extends ExampleApp {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8084;

    /** The topic the devices' notifications are published to. */
    public static final String TOPIC = "notifications";

    /** The name of every key's one channel. */
    public static final String CHANNEL = "websocket";

    /** The channel's REST path. */
    public static final String CHANNEL_PATH = "/v2/notification/websocket";

    /** The channel's WebSocket path. */
    public static final String CONNECT_PATH = "/v2/notification/websocket-connect";

    /** How many notifications the topic keeps for channels without a connection. */
    public static final int RING_CAPACITY = 4096;

    /** The 404 of a key without a channel, on the REST path and the WebSocket alike. */
    static final String NO_CHANNEL = "this API key has no websocket channel: register it with PUT " + CHANNEL_PATH
            + " (a channel without a connection for 24 hours expires)";

    private final ChannelRegistry channels;
    private final DeviceSimulator devices;

    private static final String USAGE = """
            IoT notification channel on Ringcast.
            usage: IotNotificationServer [--port N] [--channel-expiry PT24H] [--interval PT2S]
              --port            default 8084; 0 picks a free port
              --channel-expiry  how long a channel lives without a connection, ISO-8601; default PT24H
              --interval        time between two simulated resource changes, ISO-8601; default PT2S
              PUT|GET|DELETE /v2/notification/websocket    Authorization: Bearer <api key>
              GET /v2/notification/websocket-connect       (WebSocket upgrade)
              GET /                                        a page that connects the browser's way""";

    private IotNotificationServer(ExampleHost host, ChannelRegistry channels) {
        super(host);
        this.channels = channels;
        this.devices = host.own(new DeviceSimulator(host.hub(), TOPIC));
    }

    /**
     * Starts the server with a hub of its own; the devices publish nothing until asked
     * ({@link #devices()}).
     *
     * @param port the port, 0 for any free one
     * @param channelExpiry how long a channel lives without a connection
     * @return the running server
     * @throws IllegalStateException if the port is taken
     */
    public static IotNotificationServer start(int port, Duration channelExpiry) {
        ApiKeyAuthorizer keys = new ApiKeyAuthorizer();
        WebSocketSettings settings = WebSocketSettings.builder()
                .authorizer(keys)
                .subprotocols(List.of(ApiKeyAuthorizer.SUBPROTOCOL))  // a browser offers ['wss', 'pelion_<key>']
                .eventFrames(WebSocketFrames.DATA)                     // each message is the NotificationMessage
                .controlFrames(false)                                  // and nothing else
                .unknownChannelMessage(name -> NO_CHANNEL)
                .build();
        ChannelRegistry[] registry = new ChannelRegistry[1];
        ExampleHost host = ExampleHost.start("iot", port, EventHub.builder()
                .topic(TOPIC, c -> c.withRingCapacity(RING_CAPACITY)), (hub, context) -> {
                    registry[0] = ChannelRegistry.builder(hub).channelExpiry(channelExpiry).build();
                    ExampleServer.mount(context, "channel", ChannelsServlet.oneChannel(registry[0], CHANNEL, List.of(TOPIC))
                            .authorizer(keys)
                            .representation(IotNotificationServer::websocketChannel)
                            .notFoundMessage(name -> NO_CHANNEL)
                            .build(), CHANNEL_PATH);
                    ExampleServer.mount(context, "connect", new UpgradeRequired(), CONNECT_PATH);
                    ExampleServer.mount(context, "page", new PageServlet("/dev/ringcast/examples/iot/index.html"), "");
                    ServerEndpointConfig connect = RingcastWebSocket.channelEndpointConfig(registry[0], settings,
                            CONNECT_PATH, CHANNEL);
                    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                        container.addEndpoint(connect);
                        HandshakeFilter.install(servletContext, connect); // 401/404 with a JSON error, before the upgrade
                    });
                });
        return new IotNotificationServer(host, host.own(registry[0]));
    }

    /** The platform's {@code WebsocketChannel}: {@code {"queue_size": <waiting>, "status": "connected"|"disconnected"}}. */
    private static Map<String, Object> websocketChannel(ChannelInfo channel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue_size", channel.queuedEvents());
        body.put("status", channel.connected() ? "connected" : "disconnected");
        return body;
    }

    /** @return the channels, one per API key */
    public ChannelRegistry channels() {
        return channels;
    }

    /** @return the simulated devices, not started */
    public DeviceSimulator devices() {
        return devices;
    }

    /**
     * Runs the server and the devices until the process is stopped.
     *
     * @param args {@code [--port N] [--channel-expiry PT24H] [--interval PT2S]}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        CommandLine flags = CommandLine.parse(args, Set.of("port", "channel-expiry", "interval"), USAGE);
        int port = flags.port(DEFAULT_PORT);
        Duration expiry = flags.duration("channel-expiry", Duration.ofHours(24));
        Duration interval = flags.duration("interval", Duration.ofSeconds(2));
        IotNotificationServer iot = start(port, expiry);
        iot.devices().start(interval);
        System.out.println("IoT notification channel on " + iot.uri() + "  (Ctrl-C stops)");
        System.out.println("  curl -X PUT -H 'Authorization: Bearer my-api-key' " + iot.uri().resolve(CHANNEL_PATH.substring(1)));
        System.out.println("  then open ws://" + ExampleServer.HOST + ":" + iot.uri().getPort()
                + CONNECT_PATH + " with the same header, or open " + iot.uri() + " in a browser");
        iot.host.serveUntilStopped("iot");
    }

    /** {@code /v2/notification/websocket-connect} without an upgrade: 426, saying how to connect. */
    private static final class UpgradeRequired extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Upgrade", "websocket");
            HttpErrors.send(response, 426, "this is a WebSocket endpoint: connect with a WebSocket client "
                    + "(Connection: Upgrade, Upgrade: websocket) and Authorization: Bearer <your API key>");
        }
    }
}
