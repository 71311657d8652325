package dev.ringcast.examples.iot;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.examples.host.PageServlet;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The IoT platform's websocket notification channel, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code PUT}, {@code GET}, {@code DELETE /v2/notification/websocket} with
 *       {@code Authorization: Bearer <api key>}: the key's channel ({@link WebsocketChannelServlet});</li>
 *   <li>{@code GET /v2/notification/websocket-connect} (upgrade): opens the channel's WebSocket,
 *       with the key in the {@code Authorization} header or, from a browser, as the subprotocol
 *       {@code pelion_<key>} beside {@code wss} ({@link BrowserKeyProtocol});</li>
 *   <li>{@code GET /}: a page that registers a channel and opens it the browser's way.</li>
 * </ul>
 *
 * <p>In Ringcast terms: the {@link DeviceSimulator} publishes resource changes to the topic
 * {@value #TOPIC}; a channel is a Ringcast durable channel ({@link ChannelRegistry}) owned by
 * the key, named {@value #CHANNEL}, over that topic. While no connection is open, what is
 * published waits in the topic's ring and is delivered when one opens; a newer connection
 * replaces the older (closed with 4001); a channel without a connection for the expiry period
 * (24 hours unless configured) is removed.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class IotNotificationServer implements AutoCloseable {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8084;

    /** The topic the devices' notifications are published to. */
    public static final String TOPIC = "notifications";

    /**
     * The name of every key's one channel. It is also the last segment of the connect path: the
     * channel endpoint is mounted at {@code /v2/notification/{name}}, so
     * {@code /v2/notification/websocket-connect} opens the channel of that name.
     */
    public static final String CHANNEL = "websocket-connect";

    /** How many notifications the topic keeps for channels without a connection. */
    public static final int RING_CAPACITY = 4096;

    private static final String USAGE = """
            IoT notification channel on Ringcast.
            usage: IotNotificationServer [--port N] [--channel-expiry PT24H] [--interval PT2S]
              --port            default 8084; 0 picks a free port
              --channel-expiry  how long a channel lives without a connection, ISO-8601; default PT24H
              --interval        time between two simulated resource changes, ISO-8601; default PT2S
              PUT|GET|DELETE /v2/notification/websocket    Authorization: Bearer <api key>
              GET /v2/notification/websocket-connect       (WebSocket upgrade)
              GET /                                        a page that connects the browser's way""";

    private final EventHub hub;
    private final ChannelRegistry channels;
    private final DeviceSimulator devices;
    private final ExampleServer server;

    private IotNotificationServer(EventHub hub, ChannelRegistry channels, ExampleServer server) {
        this.hub = hub;
        this.channels = channels;
        this.devices = new DeviceSimulator(hub, TOPIC);
        this.server = server;
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
        EventHub hub = EventHub.builder()
                .threadNamePrefix("iot-dispatch")
                .topic(TOPIC, c -> c.withRingCapacity(RING_CAPACITY))
                .build();
        ChannelRegistry channels = ChannelRegistry.builder(hub).expireAfter(channelExpiry).build();
        ApiKeyAuthorizer keys = new ApiKeyAuthorizer();
        WebSocketSettings settings = WebSocketSettings.builder().authorizer(keys).build();
        try {
            ExampleServer server = ExampleServer.start("iot", port, context -> {
                ExampleServer.mount(context, "channel", new WebsocketChannelServlet(channels, keys, TOPIC),
                        "/v2/notification/websocket");
                ExampleServer.mount(context, "connect", new UpgradeRequired(), "/v2/notification/" + CHANNEL);
                ExampleServer.mount(context, "page", new PageServlet("/dev/ringcast/examples/iot/index.html"), "");
                JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                        container.addEndpoint(BrowserKeyProtocol.wrap(
                                RingcastWebSocket.channelEndpointConfig(channels, settings, "/v2/notification/{name}"))));
            });
            return new IotNotificationServer(hub, channels, server);
        } catch (RuntimeException e) {
            channels.close();
            hub.close();
            throw e;
        }
    }

    /** @return the hub */
    public EventHub hub() {
        return hub;
    }

    /** @return the channels, one per API key */
    public ChannelRegistry channels() {
        return channels;
    }

    /** @return the simulated devices, not started */
    public DeviceSimulator devices() {
        return devices;
    }

    /** @return the base URI, such as {@code http://127.0.0.1:8084/} */
    public URI uri() {
        return server.uri();
    }

    /** Stops the devices and the server, closes the channels (1001) and the hub. */
    @Override
    public void close() {
        devices.close();
        server.close();
        channels.close();
        hub.close();
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
        Runtime.getRuntime().addShutdownHook(new Thread(iot::close, "iot-shutdown"));
        iot.devices().start(interval);
        System.out.println("IoT notification channel on " + iot.uri() + "  (Ctrl-C stops)");
        System.out.println("  curl -X PUT -H 'Authorization: Bearer my-api-key' " + iot.uri().resolve("v2/notification/websocket"));
        System.out.println("  then open ws://" + ExampleServer.HOST + ":" + iot.uri().getPort()
                + "/v2/notification/websocket-connect with the same header, or open " + iot.uri() + " in a browser");
        iot.server.join();
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
