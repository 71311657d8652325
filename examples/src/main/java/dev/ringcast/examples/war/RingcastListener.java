package dev.ringcast.examples.war;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.StaticTokenVerifier;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a WAR's {@code web.xml} cannot say: it builds the hub and puts it, the authorizer and the
 * shared limits in the servlet-context attributes the Ringcast servlets read, registers the
 * WebSocket endpoint, and closes the hub when the application stops. The servlets' other settings are their init
 * parameters in {@code web.xml}.
 *
 * <p>Context parameters: {@code ringcast.token-file}, a token table (see
 * {@link StaticTokenVerifier#load}) that every transport then requires (without it, everything is
 * permitted: for development only); {@code ringcast.allowed-origins}, page origins besides the
 * application's own that may open WebSocket connections (comma-separated; the servlets take theirs
 * from their init parameter {@code allowed-origins}).
 *
 * <p>The container calls it on one thread, before any request and after the last.
 */
public final class RingcastListener implements ServletContextListener {

    private EventHub hub;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        hub = EventHub.builder().build();
        context.setAttribute(SseServlet.HUB_ATTRIBUTE, hub);

        Authorizer authorizer = Authorizer.permitAll();
        String tokenFile = context.getInitParameter("ringcast.token-file");
        if (tokenFile != null) {
            try {
                authorizer = TokenAuthorizer.of(StaticTokenVerifier.load(Path.of(tokenFile)));
            } catch (IOException e) {
                throw new UncheckedIOException("ringcast.token-file " + tokenFile + " cannot be read", e);
            }
        }
        // SseServlet and LongPollServlet built from web.xml take it from here.
        context.setAttribute(SseServlet.AUTHORIZER_ATTRIBUTE, authorizer);
        // One set of connection counters and one publish rate for every transport: the limits are
        // the application's, not each servlet's.
        ConnectionLimits limits = ConnectionLimits.defaults();
        context.setAttribute(SseServlet.CONNECTION_LIMITS_ATTRIBUTE, limits);
        context.setAttribute(LongPollServlet.PUBLISH_RATE_LIMIT_ATTRIBUTE, PublishRateLimit.defaults());

        WebSocketSettings ws = WebSocketSettings.builder().authorizer(authorizer).connectionLimits(limits)
                .allowedOrigins(list(context.getInitParameter("ringcast.allowed-origins"))).build();
        ServerEndpointConfig topics = RingcastWebSocket.endpointConfig(hub, ws, "/ws");
        try {
            ((ServerContainer) context.getAttribute(ServerContainer.class.getName())).addEndpoint(topics);
        } catch (DeploymentException e) {
            throw new IllegalStateException("the WebSocket endpoint /ws could not be registered: " + e.getMessage(), e);
        }
        HandshakeFilter.install(context, topics); // refusals as HTTP statuses, before the upgrade
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (hub != null) {
            hub.close();
        }
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
