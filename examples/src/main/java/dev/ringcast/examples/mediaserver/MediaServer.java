package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleApp;
import dev.ringcast.examples.host.ExampleHost;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketFrames;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The media server's notifications, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code GET /:/eventsource/notifications[?filters=...]}: Server-Sent Events, one
 *       {@code NotificationContainer} per event, named by its type; as {@code text/event-stream},
 *       or as {@code application/octet-stream} for a client that asks only for that (the SDKs);</li>
 *   <li>{@code GET /:/websocket/notifications[?filters=...]} with an upgrade: the same stream over
 *       WebSocket, one bare {@code NotificationContainer} per text message; without an upgrade
 *       (the SDKs' {@code connectWebSocket}), the same event stream as the SSE path.</li>
 * </ul>
 * {@code filters} (or {@code filter}, repeated, as the generated SDKs send it) selects the types:
 * {@code -log} (every type but {@code log}) when absent, {@code a,b} only those, {@code -a,b} all
 * but those, empty all. Both paths need the server's token as the {@code X-Plex-Token} header or
 * query parameter ({@link PlexTokenAuthorizer}); without it the answer is 401 with a JSON error,
 * for a WebSocket handshake too, before the upgrade.
 *
 * <p>In Ringcast terms: one topic, {@value #TOPIC}, and only library features: an
 * {@link SseServlet} with {@code fixedTopic}, the type filter parameters and default, and the
 * octet-stream alternative; the WebSocket topic endpoint with the same fixed topic and filter,
 * {@link WebSocketFrames#DATA} frames and no control frames, behind a {@link HandshakeFilter}.
 * The topic is configured with coalescing by {@link ActivityReporter#progressKey}: a client
 * that falls behind gets each activity's latest progress instead of every update it missed.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class MediaServer extends ExampleApp {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8083;

    /** The topic of every notification. */
    public static final String TOPIC = "notifications";

    /** The SSE path. */
    public static final String EVENTSOURCE_PATH = "/:/eventsource/notifications";

    /** The WebSocket path (and, without an upgrade, the same SSE stream). */
    public static final String WEBSOCKET_PATH = "/:/websocket/notifications";

    /** The documented default filter: every type but {@code log}. */
    public static final String DEFAULT_FILTER = "-log";

    private final ActivityReporter activities;
    private final SseServlet sse;
    private final MediaServerSimulator simulator;

    private static final String USAGE = """
            Media server notifications on Ringcast.
            usage: MediaServer [--port N] [--token T] [--pause PT5S]
              --port   default 8083; 0 picks a free port
              --token  the X-Plex-Token clients must send; default a random one, printed at startup
              --pause  time between two simulated library scans, ISO-8601; default PT5S
              GET /:/eventsource/notifications?filters=-log   (SSE)
              GET /:/websocket/notifications?filters=-log     (WebSocket; a plain GET gets the SSE stream)""";

    private MediaServer(ExampleHost host, SseServlet sse) {
        super(host);
        this.sse = sse;
        this.activities = new ActivityReporter(host.hub(), TOPIC);
        this.simulator = host.own(new MediaServerSimulator(host.hub(), TOPIC, activities));
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
        PlexTokenAuthorizer authorizer = new PlexTokenAuthorizer(Set.of(token));
        TypeFilter byDefault = TypeFilter.parse(DEFAULT_FILTER);
        SseSettings sseSettings = SseSettings.builder()
                .fixedTopic(TOPIC)
                .typesParameter("filters", "filter")                       // filters=-log, or filter=a&filter=b
                .defaultTypes(byDefault)
                .alternativeContentTypes(List.of("application/octet-stream")) // what the SDKs ask for
                .authorizer(authorizer)
                .build();
        WebSocketSettings wsSettings = WebSocketSettings.builder()
                .fixedTopic(TOPIC)
                .typesParameter("filters", "filter")
                .defaultTypes(byDefault)
                .eventFrames(WebSocketFrames.DATA)                         // the bare NotificationContainer
                .controlFrames(false)                                      // no Ringcast frames of its own
                .authorizer(authorizer)
                .build();
        SseServlet[] sse = new SseServlet[1];
        ExampleHost host = ExampleHost.start("media-server", port, EventHub.builder()
                .topic(TOPIC, c -> c.withCoalescing(ActivityReporter::progressKey)), (hub, context) -> {
                    sse[0] = new SseServlet(hub, sseSettings);
                    // One servlet for both paths: a plain GET on the WebSocket path gets the same stream.
                    ExampleServer.mount(context, "notifications", sse[0], EVENTSOURCE_PATH, WEBSOCKET_PATH);
                    ServerEndpointConfig ws = RingcastWebSocket.endpointConfig(hub, wsSettings, WEBSOCKET_PATH);
                    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                        container.addEndpoint(ws);
                        HandshakeFilter.install(servletContext, ws); // 401 + JSON before the upgrade, as on SSE
                    });
                });
        return new MediaServer(host, sse[0]);
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
        media.simulator().start(pause);
        System.out.println("Media server notifications on " + media.uri() + "  (Ctrl-C stops)");
        System.out.println("X-Plex-Token: " + token);
        System.out.println("  curl -N -H 'X-Plex-Token: " + token + "' '"
                + media.uri().resolve(EVENTSOURCE_PATH + "?filters=activity") + "'");
        media.host.serveUntilStopped("media-server");
    }
}
