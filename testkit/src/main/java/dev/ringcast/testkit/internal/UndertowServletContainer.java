package dev.ringcast.testkit.internal;

import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.InstanceFactory;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Undertow 2.3: a servlet deployment at {@code ""} in its own servlet container (not the global
 * default one), served by an {@link Undertow} HTTP listener. JSR-356 comes from
 * {@code undertow-websockets-jsr}, enabled by the {@link WebSocketDeploymentInfo} context attribute.
 *
 * <p>Counted threads: the XNIO worker's I/O, accept and task threads. The worker is created here,
 * named after this instance and shared by the listener and the WebSocket container (which needs
 * it before the listener starts), so close shuts it down and waits for it.
 */
public final class UndertowServletContainer extends BaseServletContainer {

    static {
        QuietLoggers.cap(Level.WARNING, "io.undertow", "org.xnio", "org.jboss.threads");
    }

    private static final long WORKER_SHUTDOWN_SECONDS = 10;

    private XnioWorker worker;
    private DeploymentManager deployment;
    private Undertow server;

    /** Creates an unstarted Undertow container. */
    public UndertowServletContainer() {
        super("undertow");
    }

    @Override
    protected int startServer() throws Exception {
        // Undertow.Builder's defaults for its own worker, plus a name and daemon threads.
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, instanceName() + "-xnio")
                .set(Options.THREAD_DAEMON, true)
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap());

        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(UndertowServletContainer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName(instanceName());
        contextAttributes().forEach(info::addServletContextAttribute);
        if (!filters().isEmpty()) {
            // Before the JSR-356 listener adds JsrWebSocketFilter (isMatchAfter=true) when the deployment starts.
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(FilterInitializer.class,
                    new ImmediateInstanceFactory<>(new FilterInitializer(this)), java.util.Set.of()));
        }
        for (ServletMount mount : servlets()) {
            info.addServlet(servletInfo(mount));
        }
        WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
                .setWorker(worker)
                .setBuffers(new DefaultByteBufferPool(true, 16 * 1024 - 20));
        endpoints().forEach(webSockets::addEndpoint);
        info.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);

        deployment = Servlets.newContainer().addDeployment(info);
        deployment.deploy();
        server = Undertow.builder()
                .setWorker(worker)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(deployment.start())
                .build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static ServletInfo servletInfo(ServletMount mount) {
        return servletInfo(mount, mount.servlet());
    }

    // Generic so the instance factory's type matches the servlet's class without a cast.
    private static <S extends Servlet> ServletInfo servletInfo(ServletMount mount, S servlet) {
        @SuppressWarnings("unchecked") // getClass() of an S is a Class<? extends S>: S itself at run time
        Class<S> type = (Class<S>) servlet.getClass();
        InstanceFactory<S> instance = new ImmediateInstanceFactory<>(servlet);
        return Servlets.servlet(mount.name(), type, instance)
                .addMappings(mount.urlPatterns())
                .setAsyncSupported(true)
                .setLoadOnStartup(1);
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.stop(); // closes the listening socket; the worker is ours to stop
        }
        if (deployment != null) {
            deployment.stop();
            deployment.undeploy();
        }
        if (worker != null) {
            worker.shutdown();
            if (!worker.awaitTermination(WORKER_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        }
    }

    /** Adds the filters from the deployment's initializers, as an application would. */
    private static final class FilterInitializer implements jakarta.servlet.ServletContainerInitializer {
        private final UndertowServletContainer container;

        FilterInitializer(UndertowServletContainer container) {
            this.container = container;
        }

        @Override
        public void onStartup(java.util.Set<Class<?>> classes, jakarta.servlet.ServletContext context) {
            container.addFilters(context);
        }
    }

    @Override
    public boolean owns(Thread thread) {
        return thread.getName().startsWith(instanceName() + "-");
    }
}
