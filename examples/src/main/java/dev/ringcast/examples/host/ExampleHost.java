package dev.ringcast.examples.host;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * What every example server is: a hub of its own, an {@link ExampleServer} that mounts the
 * example's servlets over that hub, and the parts it owns (simulators, registries), closed in
 * reverse order before the server and the hub. An example keeps one and exposes what its users
 * need.
 *
 * <pre>{@code
 * ExampleHost host = ExampleHost.start("tv-recorder", port, EventHub.builder(), (hub, context) ->
 *         ExampleServer.mount(context, "events", new SseServlet(hub, settings), "/events"));
 * RecorderSimulator simulator = host.own(new RecorderSimulator(host.hub()));
 * }</pre>
 *
 * <p>{@link #start}, {@link #own} and {@link #close()} may be called from any thread; close is
 * idempotent.
 */
public final class ExampleHost implements AutoCloseable {

    private final EventHub hub;
    private final ExampleServer server;
    // Guarded by this.
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private boolean closed;

    private ExampleHost(EventHub hub, ExampleServer server) {
        this.hub = hub;
        this.server = server;
    }

    /**
     * Builds the hub, starts the server with the example's mounts, and closes the hub again if
     * the server cannot start.
     *
     * @param name a short name for the threads, such as {@code "tv-recorder"}
     * @param port the port, 0 for any free one
     * @param hubSettings the hub's settings; its dispatch threads are named after {@code name}
     * @param mounts adds the example's servlets and endpoints, over the hub, to the context
     * @return the running host
     * @throws IllegalStateException if the port is taken (saying what to do) or the server fails
     */
    public static ExampleHost start(String name, int port, EventHubBuilder hubSettings,
                                    BiConsumer<EventHub, ServletContextHandler> mounts) {
        EventHub hub = hubSettings.threadNamePrefix(name + "-dispatch").build();
        try {
            return new ExampleHost(hub, ExampleServer.start(name, port, context -> mounts.accept(hub, context)));
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * Makes {@code part} close with the host, before the server and the hub (and before the parts
     * owned earlier).
     *
     * @param part a simulator, a registry...
     * @param <T> its type
     * @return the part
     */
    public synchronized <T extends AutoCloseable> T own(T part) {
        parts.push(part);
        return part;
    }

    /** @return the hub */
    public EventHub hub() {
        return hub;
    }

    /** @return the base URI, such as {@code http://127.0.0.1:8081/} */
    public URI uri() {
        return server.uri();
    }

    /**
     * Serves until the process is stopped (Ctrl-C): closes the host on the way out.
     *
     * @param name the shutdown thread's name
     * @throws InterruptedException if interrupted while serving
     */
    public void serveUntilStopped(String name) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, name + "-shutdown"));
        server.join();
    }

    /** Closes the parts (newest first), then the server (streams and polls end), then the hub. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        AutoCloseable part;
        while ((part = poll()) != null) {
            try {
                part.close();
            } catch (Exception e) {
                // best effort: the process is usually about to exit
            }
        }
        server.close();
        hub.close();
    }

    private synchronized AutoCloseable poll() {
        return parts.poll();
    }
}
