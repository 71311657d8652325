package dev.ringcast.examples.tvrecorder;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.examples.host.ExampleApp;
import dev.ringcast.examples.host.ExampleHost;
import dev.ringcast.examples.host.PageServlet;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import java.time.Duration;
import java.util.Set;

/**
 * The TV recorder's event stream, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code GET /events}: Server-Sent Events, {@code event: <type>} and {@code data: <JSON>}
 *       for every documented event ({@link TvEvent}), resumable with {@code Last-Event-ID};</li>
 *   <li>{@code GET /}: a page whose own {@code EventSource} shows the stream live.</li>
 * </ul>
 *
 * <p>{@code /events} is an {@link SseServlet} that always reads the topic
 * {@value RecorderSimulator#TOPIC} ({@code SseSettings.fixedTopic}); the {@link RecorderSimulator}
 * publishes the events, typed records that the hub encodes with Jackson once each.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class TvRecorderServer extends ExampleApp {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8082;

    private static final String USAGE = """
            TV recorder events on Ringcast.
            usage: TvRecorderServer [--port N] [--interval PT1S]
              --port      default 8082; 0 picks a free port
              --interval  time between two simulated events, ISO-8601; default PT1S
              GET /events   the event stream (Server-Sent Events)
              GET /         a page that shows the stream live""";

    private final RecorderSimulator simulator;

    private TvRecorderServer(ExampleHost host) {
        super(host);
        this.simulator = host.own(new RecorderSimulator(host.hub()));
    }

    /**
     * Starts the server with a hub of its own; the simulator is built but publishes nothing
     * until asked ({@link RecorderSimulator#start}, {@link RecorderSimulator#publishScript()}).
     *
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws IllegalStateException if the port is taken
     */
    public static TvRecorderServer start(int port) {
        SseSettings events = SseSettings.builder().fixedTopic(RecorderSimulator.TOPIC).build();
        return new TvRecorderServer(ExampleHost.start("tv-recorder", port, EventHub.builder(), (hub, context) -> {
            ExampleServer.mount(context, "events", new SseServlet(hub, events), "/events");
            ExampleServer.mount(context, "page", new PageServlet("/dev/ringcast/examples/tvrecorder/index.html"), "");
        }));
    }

    /** @return the simulator that publishes the events */
    public RecorderSimulator simulator() {
        return simulator;
    }

    /**
     * Runs the server and the simulator until the process is stopped.
     *
     * @param args {@code [--port N] [--interval PT1S]}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        CommandLine flags = CommandLine.parse(args, Set.of("port", "interval"), USAGE);
        int port = flags.port(DEFAULT_PORT);
        Duration interval = flags.duration("interval", Duration.ofSeconds(1));
        TvRecorderServer recorder = start(port);
        recorder.simulator().start(interval);
        System.out.println("TV recorder events on " + recorder.uri() + "  (Ctrl-C stops)");
        System.out.println("  curl -N " + recorder.uri().resolve("events"));
        System.out.println("  or open " + recorder.uri() + " in a browser");
        recorder.host.serveUntilStopped("tv-recorder");
    }
}
