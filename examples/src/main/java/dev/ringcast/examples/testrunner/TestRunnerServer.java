package dev.ringcast.examples.testrunner;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import dev.ringcast.core.TopicConfig;
import dev.ringcast.examples.host.CommandLine;
import dev.ringcast.examples.host.ExampleApp;
import dev.ringcast.examples.host.ExampleHost;
import dev.ringcast.examples.host.ExampleServer;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.longpoll.LongPollSettings;
import java.net.URI;
import java.util.Set;

/**
 * The test runner's session events, served by Ringcast on an embedded Jetty:
 *
 * <ul>
 *   <li>{@code POST /api/sessions} creates a session: {@code 201 {"token": "<uuid>"}} (the
 *       example's own addition; see {@link CreateSessionServlet});</li>
 *   <li>{@code GET /api/sessions/<token>/events?last_event=N} long-polls: the events after N, as
 *       {@code [{"type":"status","data":"paused","number":N+1},...]};</li>
 *   <li>{@code POST /api/sessions/<token>/events} with {@code {"type":"status","data":"paused"}}
 *       publishes to the session's listeners.</li>
 * </ul>
 *
 * <p>Both events routes are one {@link LongPollServlet} in path mode mounted at
 * {@code /api/sessions/*}: the token is the topic, and a {@link SessionAuthorizer} admits only
 * tokens of existing sessions. {@code number} is the Ringcast event id, and a session numbers its
 * events 1, 2, 3... ({@link TopicConfig.FirstId#ONE}): a fresh listener polls with
 * {@code last_event=0} and gets every event of the session. A push may send its JSON body as
 * {@code application/json}, {@code text/plain} or without a content type.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class TestRunnerServer extends ExampleApp {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8081;

    private static final String USAGE = """
            Test runner session events on Ringcast.
            usage: TestRunnerServer [--port N]   (default 8081; 0 picks a free port)
              POST /api/sessions                      creates a session: {"token": "<uuid>"}
              GET  /api/sessions/<token>/events?last_event=N   long-polls the session's events
              POST /api/sessions/<token>/events       {"type": "status", "data": "paused"}""";

    private final SessionRegistry sessions;

    private TestRunnerServer(ExampleHost host, SessionRegistry sessions) {
        super(host);
        this.sessions = sessions;
    }

    /**
     * Starts the server with a hub of its own.
     *
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws IllegalStateException if the port is taken
     */
    public static TestRunnerServer start(int port) {
        SessionRegistry sessions = new SessionRegistry();
        LongPollSettings settings = LongPollSettings.builder()
                .topicSource(LongPollSettings.TopicSource.PATH) // /api/sessions/<token>/events: the token is the topic
                .authorizer(new SessionAuthorizer(sessions))
                .untypedJsonBodies(true) // the document names no content type: fetch's text/plain, or none, too
                .build();
        // A session numbers its events 1, 2, 3...: sessions live in memory and die with the process.
        EventHubBuilder hub = EventHub.builder()
                .topicDefaults(TopicConfig.defaults().withFirstId(TopicConfig.FirstId.ONE));
        ExampleHost host = ExampleHost.start("test-runner", port, hub, (h, context) -> {
            ExampleServer.mount(context, "sessions", new CreateSessionServlet(sessions), "/api/sessions");
            ExampleServer.mount(context, "session-events", new LongPollServlet(h, settings), "/api/sessions/*");
        });
        return new TestRunnerServer(host, sessions);
    }

    /** @return the sessions */
    public SessionRegistry sessions() {
        return sessions;
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [--port N]}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        CommandLine flags = CommandLine.parse(args, Set.of("port"), USAGE);
        TestRunnerServer runner = start(flags.port(DEFAULT_PORT));
        String token = runner.sessions().create();
        URI events = runner.uri().resolve("api/sessions/" + token + "/events");
        System.out.println("Test runner session events on " + runner.uri() + "  (Ctrl-C stops)");
        System.out.println("A session to try: " + token);
        System.out.println("  curl '" + events + "?last_event=0'");
        System.out.println("  curl -X POST -H 'Content-Type: application/json' -d '{\"type\":\"status\",\"data\":\"paused\"}' '"
                + events + "'");
        runner.host.serveUntilStopped("test-runner");
    }
}
