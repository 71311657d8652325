package dev.ringcast.testkit.internal;

import dev.ringcast.testkit.ServletContainer;
import jakarta.servlet.Servlet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the three containers share: the registrations collected before start, the lifecycle
 * checks, and the thread accounting behind {@link #threadCount()} and {@link #close()}.
 * Subclasses only start and stop their server and say which threads are theirs.
 */
public abstract class BaseServletContainer implements ServletContainer {

    /** How long {@link #close()} waits for the container's threads to end before failing. */
    private static final long THREADS_GONE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * A servlet to register at start.
     *
     * @param name the servlet's name
     * @param servlet the instance
     * @param urlPatterns its URL patterns, at least one
     */
    protected record ServletMount(String name, Servlet servlet, List<String> urlPatterns) {
    }

    /**
     * A filter to register at start.
     *
     * @param name the filter's name
     * @param filter the instance
     * @param urlPatterns its URL patterns, at least one
     */
    protected record FilterMount(String name, jakarta.servlet.Filter filter, List<String> urlPatterns) {
    }

    private enum State { NEW, STARTED, CLOSED }

    private final String name;
    private final String instanceName;

    // Written by the configuring thread before start(); read by the subclass during start().
    private final List<ServletMount> servlets = new ArrayList<>();
    private final List<FilterMount> filters = new ArrayList<>();
    private final Map<String, Object> contextAttributes = new LinkedHashMap<>();
    private final List<ServerEndpointConfig> endpoints = new ArrayList<>();

    // Written by start() and close(); read by any thread.
    private volatile State state = State.NEW;
    private volatile int port = -1;

    /**
     * Creates an unstarted container.
     *
     * @param name the container's name, such as {@code "jetty"}
     */
    protected BaseServletContainer(String name) {
        this.name = name;
        this.instanceName = "ringcast-" + name + "-" + INSTANCES.incrementAndGet();
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * Names this instance, for its threads and its registrations in JMX.
     *
     * @return {@code ringcast-<name>-<n>}, unique in this JVM; the threads the container names
     *     itself start with it followed by {@code '-'}
     */
    protected final String instanceName() {
        return instanceName;
    }

    @Override
    public final ServletContainer servlet(String servletName, Servlet servlet, String... urlPatterns) {
        requireNew("servlet(\"" + servletName + "\", ...)");
        Objects.requireNonNull(servletName, "servletName");
        Objects.requireNonNull(servlet, "servlet");
        if (urlPatterns.length == 0) {
            throw new IllegalArgumentException("servlet \"" + servletName + "\" has no URL pattern: "
                    + "pass at least one, such as \"/sse\" or \"/topics/*\"");
        }
        servlets.add(new ServletMount(servletName, servlet, List.copyOf(Arrays.asList(urlPatterns))));
        return this;
    }

    @Override
    public final ServletContainer filter(String filterName, jakarta.servlet.Filter filter, String... urlPatterns) {
        requireNew("filter(\"" + filterName + "\", ...)");
        Objects.requireNonNull(filterName, "filterName");
        Objects.requireNonNull(filter, "filter");
        if (urlPatterns.length == 0) {
            throw new IllegalArgumentException("filter \"" + filterName + "\" has no URL pattern: "
                    + "pass at least one, such as \"/ws\"");
        }
        filters.add(new FilterMount(filterName, filter, List.copyOf(Arrays.asList(urlPatterns))));
        return this;
    }

    @Override
    public final ServletContainer contextAttribute(String attributeName, Object value) {
        requireNew("contextAttribute(\"" + attributeName + "\", ...)");
        contextAttributes.put(Objects.requireNonNull(attributeName, "attributeName"),
                Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public final ServletContainer endpoint(ServerEndpointConfig config) {
        requireNew("endpoint(" + config.getPath() + ")");
        endpoints.add(config);
        return this;
    }

    @Override
    public final ServletContainer start() {
        requireNew("start()");
        try {
            port = startServer();
            state = State.STARTED;
            return this;
        } catch (Exception | LinkageError e) {
            state = State.CLOSED;
            try {
                stopServer();
            } catch (Exception | LinkageError stopFailure) {
                e.addSuppressed(stopFailure);
            }
            awaitOwnThreadsGone();
            throw new IllegalStateException(name + " failed to start: " + e, e);
        }
    }

    @Override
    public final URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    @Override
    public final int port() {
        if (state != State.STARTED) {
            throw new IllegalStateException(name + " is " + state.name().toLowerCase() + ": call start() first");
        }
        return port;
    }

    @Override
    public final int threadCount() {
        return ownThreads().size();
    }

    @Override
    public final void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasStarted = state == State.STARTED;
        state = State.CLOSED;
        if (!wasStarted) {
            return;
        }
        IllegalStateException failure = null;
        try {
            stopServer();
        } catch (Exception e) {
            failure = new IllegalStateException(name + " failed to stop: " + e, e);
        }
        List<Thread> left = awaitOwnThreadsGone();
        if (!left.isEmpty()) {
            IllegalStateException leak = new IllegalStateException(name + " left " + left.size()
                    + " thread(s) running " + THREADS_GONE_TIMEOUT_MILLIS + " ms after stop: "
                    + left.stream().map(Thread::getName).collect(Collectors.joining(", ")));
            if (failure == null) {
                failure = leak;
            } else {
                failure.addSuppressed(leak);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Tells whether a thread belongs to this container: the predicate {@link #threadCount()}
     * counts with.
     *
     * @param thread a live thread
     * @return whether this container started it for its own work
     */
    public abstract boolean owns(Thread thread);

    /**
     * Starts the server with the registrations collected so far.
     *
     * @return the bound port
     * @throws Exception if it failed; {@link #stopServer()} is then called to clean up
     */
    protected abstract int startServer() throws Exception;

    /**
     * Stops whatever {@link #startServer()} started, even partly, and frees the port. Called at
     * most once after a successful start, or once after a failed one.
     *
     * @throws Exception if stopping failed
     */
    protected abstract void stopServer() throws Exception;

    /**
     * Gives the servlets registered before start.
     *
     * @return them, in registration order
     */
    protected final List<ServletMount> servlets() {
        return servlets;
    }

    /**
     * Gives the filters registered before start.
     *
     * @return them, in registration order
     */
    protected final List<FilterMount> filters() {
        return filters;
    }

    /**
     * Adds the registered filters to a starting context, from a {@code ServletContainerInitializer}
     * (the container calls it during start): each for {@code REQUEST} dispatches, async supported,
     * mapped before the container's own filters ({@code isMatchAfter = false}).
     *
     * @param context the context being initialised
     */
    protected final void addFilters(jakarta.servlet.ServletContext context) {
        for (FilterMount mount : filters) {
            jakarta.servlet.FilterRegistration.Dynamic registration = context.addFilter(mount.name(), mount.filter());
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false,
                    mount.urlPatterns().toArray(new String[0]));
        }
    }

    /**
     * Gives the context attributes set before start.
     *
     * @return them, in the order they were set
     */
    protected final Map<String, Object> contextAttributes() {
        return contextAttributes;
    }

    /**
     * Gives the JSR-356 endpoints registered before start.
     *
     * @return them, in registration order
     */
    protected final List<ServerEndpointConfig> endpoints() {
        return endpoints;
    }

    private List<Thread> ownThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && owns(t))
                .collect(Collectors.toList());
    }

    private List<Thread> awaitOwnThreadsGone() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREADS_GONE_TIMEOUT_MILLIS);
        List<Thread> left = ownThreads();
        // Pools stop their threads asynchronously: a thread may still be unwinding its last task.
        while (!left.isEmpty()) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                break;
            }
            try {
                left.get(0).join(Math.min(remainingMillis, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = ownThreads();
        }
        return left;
    }

    private void requireNew(String call) {
        if (state != State.NEW) {
            throw new IllegalStateException(call + " on " + name + " that is " + state.name().toLowerCase()
                    + ": register servlets, attributes and endpoints before start(), on a new container");
        }
    }
}
