package dev.ringcast.testkit.internal;

import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.Globals;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardServer;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Tomcat 11, embedded: one context at {@code ""} added with {@link Tomcat#addContext}, an NIO
 * HTTP/1.1 connector, and {@link WsSci} for JSR-356. Its base directory is a temp folder,
 * deleted on close.
 *
 * <p>Counted threads: the connector's ({@code http-nio-127.0.0.1-auto-N-exec-*}, {@code -Acceptor},
 * {@code -Poller}, where N is unique to the connector) and the server's utility threads. Tomcat
 * names the latter {@code Catalina-utility-*} in every instance, so this container starts Tomcat
 * from a thread of its own {@link ThreadGroup}: the utility thread factory is created there and
 * puts its threads in that group, which tells them apart from another Tomcat's.
 */
public final class TomcatServletContainer extends BaseServletContainer {

    static {
        QuietLoggers.cap(Level.WARNING, "org.apache.catalina", "org.apache.coyote", "org.apache.tomcat");
    }

    private static final String UTILITY_THREAD_PREFIX = "Catalina-utility-";
    private static final String DEFAULT_SERVLET_NAME = "tomcat-default";
    private static final long UNLOAD_DELAY_MILLIS = 100;
    private static final Object CATALINA_PROPERTIES_LOCK = new Object();

    private Tomcat tomcat;
    private Path baseDir;
    // Read by owns(), on any thread that counts threads.
    private volatile ThreadGroup threadGroup;
    private volatile String endpointName;

    /** Creates an unstarted Tomcat container. */
    public TomcatServletContainer() {
        super("tomcat");
    }

    @Override
    protected int startServer() throws Exception {
        baseDir = Files.createTempDirectory(instanceName() + "-");
        tomcat = new Tomcat();
        tomcat.setSilent(true);
        createServerWithoutGlobalState();
        // The engine's name is the JMX domain: a unique one keeps two Tomcats' MBeans apart.
        tomcat.getEngine().setName(instanceName());
        if (tomcat.getServer() instanceof StandardServer standardServer) {
            standardServer.setUtilityThreadsAsDaemon(true);
        }

        Connector connector = new Connector(); // HTTP/1.1, NIO
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        // Read before init: the endpoint is named after this and keeps the name, while the
        // protocol's name gains the bound port once started.
        endpointName = ObjectName.unquote(((AbstractProtocol<?>) connector.getProtocolHandler()).getName());

        Context context = tomcat.addContext("", baseDir.toString());
        if (context instanceof StandardContext standardContext) {
            // These two leak checks read JDK internals: without --add-opens they only log a
            // warning on every stop. The context's class loader loads nothing of its own here.
            standardContext.setClearReferencesThreadLocals(false);
            standardContext.setClearReferencesRmiTargets(false);
            // Tomcat closes connections only after its contexts stop, and a context first waits
            // unloadDelay (2 s) for in-flight requests: an SSE stream or a long-poll still held
            // at close would cost every test 2 s. Its servlets get destroy() all the same.
            standardContext.setUnloadDelay(UNLOAD_DELAY_MILLIS);
        }
        // A context added with addContext gets no ServletContainerInitializer from the class
        // path: add WsSci by hand. It publishes the ServerContainer attribute the next one uses.
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            contextAttributes().forEach(servletContext::setAttribute);
            addFilters(servletContext); // before WsSci's WsFilter, which is mapped with isMatchAfter=true
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            for (ServerEndpointConfig config : endpoints()) {
                try {
                    container.addEndpoint(config);
                } catch (DeploymentException e) {
                    throw new ServletException("endpoint " + config.getPath() + " cannot be deployed: " + e.getMessage(), e);
                }
            }
        }, null);
        for (ServletMount mount : servlets()) {
            Wrapper wrapper = Tomcat.addServlet(context, mount.name(), mount.servlet());
            wrapper.setAsyncSupported(true);
            wrapper.setLoadOnStartup(1);
            for (String pattern : mount.urlPatterns()) {
                context.addServletMapping(pattern, mount.name());
            }
        }

        if (servlets().stream().noneMatch(mount -> mount.urlPatterns().contains("/"))) {
            // A Tomcat install maps DefaultServlet at "/" in conf/web.xml; addContext does not. Without
            // it a request no servlet matches gets a 404 before any filter runs, and WsSci's WsFilter
            // is what upgrades WebSocket requests. Its docBase is the empty base dir: all 404s.
            Tomcat.addServlet(context, DEFAULT_SERVLET_NAME, new DefaultServlet());
            context.addServletMapping("/", DEFAULT_SERVLET_NAME);
        }

        startInOwnThreadGroup();
        int port = connector.getLocalPort();
        if (port <= 0) {
            // Tomcat logs a connector that failed to bind instead of throwing from start().
            throw new IllegalStateException("the connector did not bind 127.0.0.1:0 (state "
                    + connector.getStateName() + "); see Tomcat's log above");
        }
        return port;
    }

    /**
     * Creates the server with this instance's base dir. Tomcat reads the catalina.home and
     * catalina.base system properties there and, when unset, sets both to this base dir: the
     * next Tomcat in the JVM would then take this one's (deleted) folder as its home and create
     * it again. So both properties are put back as they were once the server has its paths.
     */
    private void createServerWithoutGlobalState() {
        synchronized (CATALINA_PROPERTIES_LOCK) {
            String home = System.getProperty(Globals.CATALINA_HOME_PROP);
            String base = System.getProperty(Globals.CATALINA_BASE_PROP);
            try {
                tomcat.setBaseDir(baseDir.toString());
                tomcat.getServer();
            } finally {
                restoreProperty(Globals.CATALINA_HOME_PROP, home);
                restoreProperty(Globals.CATALINA_BASE_PROP, base);
            }
        }
    }

    private static void restoreProperty(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private void startInOwnThreadGroup() throws Exception {
        threadGroup = new ThreadGroup(instanceName());
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread starter = new Thread(threadGroup, () -> {
            try {
                tomcat.start();
            } catch (Exception e) {
                failure.set(e);
            }
        }, instanceName() + "-start");
        starter.start();
        starter.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    protected void stopServer() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            TempDirectories.deleteRecursively(baseDir);
        }
    }

    @Override
    public boolean owns(Thread thread) {
        String threadName = thread.getName();
        return endpointName != null && threadName.startsWith(endpointName + "-")
                || threadName.startsWith(UTILITY_THREAD_PREFIX) && thread.getThreadGroup() == threadGroup
                || threadName.startsWith(instanceName() + "-");
    }
}
