package dev.ringcast.testkit;

import jakarta.servlet.Servlet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;

/**
 * One embedded servlet container (Jetty 12, Tomcat 11 or Undertow 2.3) serving servlet instances
 * and JSR-356 endpoints on a free loopback port, for tests that must run where users run.
 *
 * <p>Lifecycle: create it with {@link ContainerKind#create()}, register {@link #servlet servlets},
 * {@link #contextAttribute context attributes} and {@link #endpoint endpoints}, {@link #start()}
 * it, then {@link #close()} it (try-with-resources). Registering after {@code start()}, starting
 * twice, or reading the port before {@code start()} throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (ServletContainer server = kind.create()
 *         .contextAttribute("ringcast.hub", hub)
 *         .servlet("events", new LongPollServlet(hub), "/topics/*")
 *         .start()) {
 *     URI uri = server.baseUri().resolve("topics/orders/events?last_event=0");
 *     HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }
 * }</pre>
 *
 * <p>Threads: configure, start and close it from one thread (the test's). {@link #name()},
 * {@link #port()}, {@link #baseUri()} and {@link #threadCount()} may be called from any thread
 * once {@code start()} has returned; everything registered before {@code start()} is visible to
 * the servlets and endpoints it initialises.
 */
public interface ServletContainer extends AutoCloseable {

    /**
     * Names the container.
     *
     * @return {@code "jetty"}, {@code "tomcat"} or {@code "undertow"}
     */
    String name();

    /**
     * Registers a servlet instance, with async support enabled, at the root context. It is
     * initialised by {@link #start()} (load on startup), after the context attributes are set.
     *
     * @param name the servlet's name, unique in this container
     * @param servlet the instance to serve, constructed with its dependencies by the test
     * @param urlPatterns one or more servlet URL patterns, such as {@code "/sse"} or {@code "/topics/*"}
     * @return this container
     * @throws IllegalArgumentException if no URL pattern is given
     * @throws IllegalStateException if the container was already started
     */
    ServletContainer servlet(String name, Servlet servlet, String... urlPatterns);

    /**
     * Registers a filter instance, with async support enabled, for {@code REQUEST} dispatches, the
     * way an application adds one from a {@code ServletContainerInitializer}:
     * {@code servletContext.addFilter(name, filter).addMappingForUrlPatterns(EnumSet.of(REQUEST), false, urlPatterns)}.
     * {@code isMatchAfter = false} puts it before the filters the container adds itself, its
     * WebSocket upgrade filter included, in all three containers.
     *
     * @param name the filter's name, unique in this container
     * @param filter the instance
     * @param urlPatterns one or more URL patterns, such as {@code "/ws"} or {@code "/channels/*"}
     * @return this container
     * @throws IllegalArgumentException if no URL pattern is given
     * @throws IllegalStateException if the container was already started
     */
    ServletContainer filter(String name, jakarta.servlet.Filter filter, String... urlPatterns);

    /**
     * Sets a {@link jakarta.servlet.ServletContext} attribute before any servlet is initialised,
     * as a real application would in a listener.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this container
     * @throws IllegalStateException if the container was already started
     */
    ServletContainer contextAttribute(String name, Object value);

    /**
     * Registers a JSR-356 (Jakarta WebSocket 2.1) endpoint programmatically, as
     * {@link jakarta.websocket.server.ServerContainer#addEndpoint(ServerEndpointConfig)} does.
     * Every container also exposes its {@code jakarta.websocket.server.ServerContainer} as the
     * context attribute of that name.
     *
     * @param config the endpoint, its path relative to the root context
     * @return this container
     * @throws IllegalStateException if the container was already started
     */
    ServletContainer endpoint(ServerEndpointConfig config);

    /**
     * Starts the container on {@code 127.0.0.1} on a free ephemeral port, context path
     * {@code ""}, HTTP/1.1, and initialises every registered servlet and endpoint.
     *
     * @return this container
     * @throws IllegalStateException if it was started or closed before, or failed to start (the
     *     cause says why; whatever had started is stopped again)
     */
    ServletContainer start();

    /**
     * Gives the root URI to resolve request paths against.
     *
     * @return {@code http://127.0.0.1:PORT/}
     * @throws IllegalStateException if the container is not started
     */
    URI baseUri();

    /**
     * Gives the port the container listens on.
     *
     * @return the bound loopback port
     * @throws IllegalStateException if the container is not started
     */
    int port();

    /**
     * Counts the live threads this container owns: its request thread pool, acceptors,
     * selectors or pollers and schedulers (each container names them with a prefix unique to
     * this instance, so containers running side by side are told apart). Threads an application
     * starts itself, such as an event hub's dispatch threads, are never counted. Use it to show
     * that N held async requests hold no container thread. It is 0 before {@code start()} and
     * after {@code close()}.
     *
     * @return the number of live threads owned by this container
     */
    int threadCount();

    /**
     * Stops the container: closes its connections and listening socket, so the port refuses
     * connections, and waits until every thread it owned has ended. Idempotent.
     *
     * @throws IllegalStateException if the container failed to stop or left a thread behind
     *     (the message names the threads)
     */
    @Override
    void close();
}
