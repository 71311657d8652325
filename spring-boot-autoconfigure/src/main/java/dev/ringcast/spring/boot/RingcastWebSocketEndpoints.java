package dev.ringcast.spring.boot;

import dev.ringcast.core.EventHub;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;

/**
 * Ringcast's WebSocket endpoints in a Spring Boot application: adds them to the container's
 * JSR-356 {@link ServerContainer} once every bean is ready, when the embedded container has set up
 * its WebSocket support (Spring Boot does so for Tomcat, Jetty and Undertow when their WebSocket
 * jars are on the class path, as {@code spring-boot-starter-websocket} brings them).
 *
 * <p>Called by Spring on its startup thread; {@link #openConnections()} from any thread.
 */
public final class RingcastWebSocketEndpoints implements ServletContextAware, SmartInitializingSingleton {

    private static final System.Logger LOG = System.getLogger(RingcastWebSocketEndpoints.class.getName());

    private final ServerEndpointConfig topics;
    private final ServerEndpointConfig channels;
    private ServletContext servletContext;

    RingcastWebSocketEndpoints(EventHub hub, WebSocketSettings settings, String path, ChannelRegistry channelRegistry,
                               String channelPath) {
        this.topics = RingcastWebSocket.endpointConfig(hub, settings, path);
        this.channels = channelRegistry == null ? null
                : RingcastWebSocket.channelEndpointConfig(channelRegistry, settings, channelPath);
    }

    /** @return the endpoints' configs: topics, and channels when enabled */
    public List<ServerEndpointConfig> configs() {
        List<ServerEndpointConfig> configs = new ArrayList<>();
        configs.add(topics);
        if (channels != null) {
            configs.add(channels);
        }
        return List.copyOf(configs);
    }

    /** @return the WebSocket connections open now, topic and channel endpoints together */
    public int openConnections() {
        int open = RingcastWebSocket.openConnections(topics);
        return channels == null ? open : open + RingcastWebSocket.openConnections(channels);
    }

    @Override
    public void setServletContext(ServletContext context) {
        this.servletContext = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (servletContext == null) {
            return; // not in a web server (a mock servlet environment): nothing to serve
        }
        Object container = servletContext.getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer serverContainer)) {
            // A warning, not a failure: a test's mock servlet environment has no container either,
            // and an application's MockMvc tests must still start.
            LOG.log(System.Logger.Level.WARNING, "the servlet container has no JSR-356 WebSocket support, so "
                    + "Ringcast's WebSocket endpoint " + topics.getPath() + " is not served: add "
                    + "org.springframework.boot:spring-boot-starter-websocket to the application's dependencies, "
                    + "or set ringcast.websocket.enabled=false");
            return;
        }
        for (ServerEndpointConfig config : configs()) {
            try {
                serverContainer.addEndpoint(config);
            } catch (DeploymentException e) {
                throw new IllegalStateException("the WebSocket endpoint " + config.getPath()
                        + " could not be added: " + e.getMessage() + "; choose another ringcast.websocket.path", e);
            }
        }
    }
}
