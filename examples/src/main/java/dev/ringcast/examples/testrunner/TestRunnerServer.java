package dev.ringcast.examples.testrunner;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.host.CommandLine;
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
 * tokens of existing sessions. {@code number} is the Ringcast event id: increasing by one per
 * event within a session, but large (its first value is the time the topic was created, in
 * microseconds), so that a {@code last_event} from before a restart is recognised.
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread.
 */
public final class TestRunnerServer implements AutoCloseable {

    /** The port {@code main} listens on unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8081;

    private static final String USAGE = """
            Test runner session events on Ringcast.
            usage: TestRunnerServer [--port N]   (default 8081; 0 picks a free port)
              POST /api/sessions                      creates a session: {"token": "<uuid>"}
              GET  /api/sessions/<token>/events?last_event=N   long-polls the session's events
              POST /api/sessions/<token>/events       {"type": "status", "data": "paused"}""";

    private final EventHub hub;
    private final SessionRegistry sessions;
    private final ExampleServer server;

    private TestRunnerServer(EventHub hub, SessionRegistry sessions, ExampleServer server) {
        this.hub = hub;
        this.sessions = sessions;
        this.server = server;
    }

    /**
     * Starts the server with a hub of its own.
     *
     * @param port the port, 0 for any free one
     * @return the running server
     * @throws IllegalStateException if the port is taken
     */
    public static TestRunnerServer start(int port) {
        EventHub hub = EventHub.builder().threadNamePrefix("test-runner-dispatch").build();
        SessionRegistry sessions = new SessionRegistry();
        LongPollSettings settings = LongPollSettings.builder()
                .topicSource(LongPollSettings.TopicSource.PATH) // /api/sessions/<token>/events: the token is the topic
                .authorizer(new SessionAuthorizer(sessions))
                .build();
        try {
            ExampleServer server = ExampleServer.start("test-runner", port, context -> {
                ExampleServer.mount(context, "sessions", new CreateSessionServlet(sessions), "/api/sessions");
                ExampleServer.mount(context, "session-events", new LongPollServlet(hub, settings), "/api/sessions/*");
            });
            return new TestRunnerServer(hub, sessions, server);
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /** @return the hub: one topic per session, named by its token */
    public EventHub hub() {
        return hub;
    }

    /** @return the sessions */
    public SessionRegistry sessions() {
        return sessions;
    }

    /** @return the base URI, such as {@code http://127.0.0.1:8081/} */
    public URI uri() {
        return server.uri();
    }

    /** Stops serving (held polls end) and closes the hub. */
    @Override
    public void close() {
        server.close();
        hub.close();
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
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "test-runner-shutdown"));
        String token = runner.sessions().create();
        URI events = runner.uri().resolve("api/sessions/" + token + "/events");
        System.out.println("Test runner session events on " + runner.uri() + "  (Ctrl-C stops)");
        System.out.println("A session to try: " + token);
        System.out.println("  curl '" + events + "?last_event=0'");
        System.out.println("  curl -X POST -H 'Content-Type: application/json' -d '{\"type\":\"status\",\"data\":\"paused\"}' '"
                + events + "'");
        runner.server.join();
    }
}
