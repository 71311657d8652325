package dev.ringcast.examples.host;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 with one servlet context at {@code /}, listening on 127.0.0.1: the host of
 * every example, which mounts its servlets (and WebSocket endpoints) on the context.
 *
 * <pre>{@code
 * ExampleServer server = ExampleServer.start("test-runner", 8081, context ->
 *         ExampleServer.mount(context, "events", new LongPollServlet(hub, settings), "/api/sessions/*"));
 * }</pre>
 *
 * <p>{@link #start} and {@link #close()} may be called from any thread; close is idempotent.
 */
public final class ExampleServer implements AutoCloseable {

    /** The address every example binds: loopback only, as befits a demonstration. */
    public static final String HOST = "127.0.0.1";

    private final Server server;
    private final ServerConnector connector;

    private ExampleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Builds the server, lets {@code mounts} add servlets to its context, and starts it.
     *
     * @param name a short name for the server's threads, such as {@code "test-runner"}
     * @param port the port, 0 for any free one
     * @param mounts adds the example's servlets and endpoints to the context
     * @return the started server
     * @throws IllegalStateException if the port is taken (saying to choose another with
     *     {@code --port}) or the server cannot start
     */
    public static ExampleServer start(String name, int port, Consumer<ServletContextHandler> mounts) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName(name + "-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        mounts.accept(context);
        server.setHandler(context);
        server.setStopTimeout(1000);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || (e instanceof IOException && String.valueOf(e.getMessage()).contains("Failed to bind"))) {
                throw new IllegalStateException("port " + port + " on " + HOST + " is already in use: stop the other "
                        + "process using it, or choose another port with --port N", e);
            }
            throw new IllegalStateException("the " + name + " server could not start: " + e.getMessage(), e);
        }
        return new ExampleServer(server, connector);
    }

    /**
     * Mounts a servlet with async support on (every Ringcast servlet needs it), initialised when
     * the server starts.
     *
     * @param context the context
     * @param name the servlet's name
     * @param servlet the servlet
     * @param paths its URL patterns, such as {@code /events} or {@code /api/sessions/*}
     * @return the holder
     */
    public static ServletHolder mount(ServletContextHandler context, String name, Servlet servlet, String... paths) {
        ServletHolder holder = new ServletHolder(name, servlet);
        holder.setAsyncSupported(true);
        holder.setInitOrder(0);
        for (String path : paths) {
            context.addServlet(holder, path);
        }
        return holder;
    }

    /** @return the port it listens on (the one the system chose when started with port 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return its base URI, such as {@code http://127.0.0.1:8081/} */
    public URI uri() {
        return URI.create("http://" + HOST + ":" + port() + "/");
    }

    /**
     * Blocks until the server stops (a {@code main} thread waits here while the server runs).
     *
     * @throws InterruptedException if interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving: open streams and held polls end, their subscriptions with them. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is usually about to exit
        }
    }
}
