package dev.ringcast.testkit.internal;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Jetty 12 (EE10): a {@link ServletContextHandler} on a {@link Server} with one HTTP/1.1
 * {@link ServerConnector}. Counted threads: the {@link QueuedThreadPool} (which also runs the
 * connector's acceptor and selector) and the scheduler, both named after this instance.
 */
public final class JettyServletContainer extends BaseServletContainer {

    private Server server;

    /** Creates an unstarted Jetty container. */
    public JettyServletContainer() {
        super("jetty");
    }

    @Override
    protected int startServer() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName(instanceName());
        pool.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(instanceName() + "-scheduler", true);
        server = new Server(pool, scheduler, null);

        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // Context handler attributes are the ServletContext's: set before any servlet's init().
        contextAttributes().forEach(context::setAttribute);
        for (ServletMount mount : servlets()) {
            ServletHolder holder = new ServletHolder(mount.name(), mount.servlet());
            holder.setAsyncSupported(true);
            holder.setInitOrder(1);
            for (String pattern : mount.urlPatterns()) {
                context.addServlet(holder, pattern);
            }
        }
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            for (ServerEndpointConfig config : endpoints()) {
                container.addEndpoint(config);
            }
            // After Jetty has put its WebSocketUpgradeFilter first: isMatchAfter=false goes before it.
            addFilters(servletContext);
        });
        server.setHandler(context);

        server.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public boolean owns(Thread thread) {
        return thread.getName().startsWith(instanceName() + "-");
    }
}
