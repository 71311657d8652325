package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The media server's notifications, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code GET /:/eventsource/notifications[?filters=playing,timeline,activity]}: Server-Sent
 *       Events, one {@code NotificationContainer} per event, named by its type;</li>
 *   <li>{@code GET /:/websocket/notifications[?filters=...]}: the same stream over WebSocket, one
 *       bare {@code NotificationContainer} per text message ({@link NotificationSocket}).</li>
 * </ul>
 * Both need the server's token as the {@code X-Plex-Token} header or query parameter
 * ({@link PlexTokenAuthorizer}).
 *
 * <p>In Ringcast terms: one topic, {@value #TOPIC}; the SSE endpoint is an {@link SseServlet} in
 * path mode mounted at {@code /:/eventsource/*} (the last segment, {@code notifications}, is the
 * topic) whose type filter parameter is {@code filters}; the container's {@code type} is the event
 * type. The topic is configured with coalescing by {@link ActivityReporter#progressKey}: a client
 * that falls behind gets each activity's latest progress instead of every update it missed.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class MediaServer implements AutoCloseable {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8083;

    /** The topic of every notification. */
    public static final String TOPIC = "notifications";

    private static final String USAGE = """
            Media server notifications on Ringcast.
            usage: MediaServer [--port N] [--token T] [--pause PT5S]
              --port   default 8083; 0 picks a free port
              --token  the X-Plex-Token clients must send; default a random one, printed at startup
              --pause  time between two simulated library scans, ISO-8601; default PT5S
              GET /:/eventsource/notifications?filters=playing,timeline,activity   (SSE)
              GET /:/websocket/notifications?filters=...                           (WebSocket)""";

    private final EventHub hub;
    private final ActivityReporter activities;
    private final SseServlet sse;
    private final ExampleServer server;
    private final MediaServerSimulator simulator;

    private MediaServer(EventHub hub, ActivityReporter activities, SseServlet sse, ExampleServer server) {
        this.hub = hub;
        this.activities = activities;
        this.sse = sse;
        this.server = server;
        this.simulator = new MediaServerSimulator(hub, TOPIC, activities);
    }

    /**
     * Starts the server with a hub of its own; nothing is published until the caller (or the
     * simulator, {@link #simulator()}) does.
     *
     * @param port the port, 0 for any free one
     * @param token the token clients must send
     * @return the running server
     * @throws IllegalStateException if the port is taken
     */
    public static MediaServer start(int port, String token) {
        EventHub hub = EventHub.builder()
                .threadNamePrefix("media-server-dispatch")
                .topic(TOPIC, c -> c.withCoalescing(ActivityReporter::progressKey))
                .build();
        PlexTokenAuthorizer authorizer = new PlexTokenAuthorizer(Set.of(token), TOPIC);
        SseServlet sse = new SseServlet(hub, SseSettings.builder()
                .topicSource(SseSettings.TopicSource.PATH) // /:/eventsource/notifications reads "notifications"
                .typesParameter("filters")                 // filters=playing,timeline,activity
                .authorizer(authorizer)
                .build());
        try {
            ExampleServer server = ExampleServer.start("media-server", port, context -> {
                ExampleServer.mount(context, "eventsource", sse, "/:/eventsource/*");
                JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                        container.addEndpoint(NotificationSocket.config(hub, TOPIC, authorizer,
                                "/:/websocket/" + TOPIC)));
            });
            return new MediaServer(hub, new ActivityReporter(hub, TOPIC), sse, server);
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /** @return the hub */
    public EventHub hub() {
        return hub;
    }

    /** @return reports activities' progress as notifications */
    public ActivityReporter activities() {
        return activities;
    }

    /** @return the simulator, not started */
    public MediaServerSimulator simulator() {
        return simulator;
    }

    /** @return the SSE servlet, e.g. to count open streams */
    public SseServlet sseServlet() {
        return sse;
    }

    /** @return the base URI, such as {@code http://127.0.0.1:8083/} */
    public URI uri() {
        return server.uri();
    }

    /** Stops the simulator and the server (streams and sockets end) and closes the hub. */
    @Override
    public void close() {
        simulator.close();
        server.close();
        hub.close();
    }

    /**
     * Runs the server and the simulator until the process is stopped.
     *
     * @param args {@code [--port N] [--token T] [--pause PT5S]}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        CommandLine flags = CommandLine.parse(args, Set.of("port", "token", "pause"), USAGE);
        int port = flags.port(DEFAULT_PORT);
        String token = flags.string("token", null);
        if (token == null) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            token = HexFormat.of().formatHex(random);
        }
        Duration pause = flags.duration("pause", Duration.ofSeconds(5));
        MediaServer media = start(port, token);
        Runtime.getRuntime().addShutdownHook(new Thread(media::close, "media-server-shutdown"));
        media.simulator().start(pause);
        System.out.println("Media server notifications on " + media.uri() + "  (Ctrl-C stops)");
        System.out.println("X-Plex-Token: " + token);
        System.out.println("  curl -N -H 'X-Plex-Token: " + token + "' '"
                + media.uri().resolve("/:/eventsource/notifications?filters=activity") + "'");
        media.server.join();
    }
}
