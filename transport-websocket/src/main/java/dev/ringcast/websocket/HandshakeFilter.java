package dev.ringcast.websocket;

import dev.ringcast.http.HttpErrors;
import dev.ringcast.websocket.internal.Handshake;
import dev.ringcast.websocket.internal.RingcastConfigurator;
import dev.ringcast.websocket.internal.SessionOpener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses a Ringcast WebSocket handshake <em>before</em> the upgrade, with an HTTP status and the
 * JSON body every Ringcast HTTP endpoint answers, {@code {"error": "<what is wrong and how to fix
 * it>"}}: a missing token is a {@code 401}, as on SSE, not a {@code 101} followed by a close.
 *
 * <p>JSR-356 gives an endpoint no portable way to answer a handshake with a status and a body, so
 * this servlet filter does it in front of the container's own upgrade handling: for a
 * {@code GET} with {@code Upgrade: websocket} whose path matches one of its endpoint configs (path
 * templates such as {@code /channels/{name}/ws} included), it runs what the endpoint would run at
 * open: the allowed hosts (421), the origin check (403), the query parameters (400), the {@code Authorizer} (its denial's
 * status and message; 500 if it throws), and for a channel endpoint the owner (401) and the
 * channel (404). A refused handshake never reaches the container's WebSocket code; an accepted one
 * goes on, and the endpoint checks again at open (so the authorizer is asked twice; keep it free
 * of side effects). Requests without an upgrade pass untouched: a plain {@code GET} on the same
 * path reaches the servlets as usual.
 *
 * <p>Install it so that it runs before the container's upgrade filter, with
 * {@link #install(ServletContext, ServerEndpointConfig...)} from a {@code ServletContainerInitializer}
 * or a {@code ServletContextListener}, where the endpoints are added:
 *
 * <pre>{@code
 * ServerEndpointConfig ws = RingcastWebSocket.endpointConfig(hub, settings, "/ws");
 * container.addEndpoint(ws);
 * HandshakeFilter.install(servletContext, ws);
 * }</pre>
 *
 * That maps it with {@code isMatchAfter = false}, ahead of Jetty 12's {@code WebSocketUpgradeFilter},
 * Tomcat 11's {@code WsFilter} and Undertow's {@code JsrWebSocketFilter} (all three tested). Where it
 * is not installed, a refused connection is still refused at open: an error frame and close 1008
 * (1013 for a limit). The filter also passes the client's remote address on to the connection,
 * which JSR-356 does not expose on Tomcat and Undertow: behind the filter the per-address
 * connection limit and {@code AccessRequest.remoteAddress()} work in every container.
 *
 * <p>Immutable and thread-safe.
 */
public final class HandshakeFilter implements Filter {

    /** The name {@link #install} registers the filter under. */
    public static final String NAME = "ringcast-websocket-handshake";

    private static final System.Logger LOG = System.getLogger(HandshakeFilter.class.getName());

    /** One endpoint: its path template's segments and its opener. */
    private record Route(String path, String[] segments, SessionOpener opener) {
    }

    private final List<Route> routes;

    /**
     * @param configs Ringcast endpoint configs, from {@link RingcastWebSocket}
     * @throws IllegalArgumentException if a config is not one of Ringcast's
     */
    public HandshakeFilter(ServerEndpointConfig... configs) {
        this(List.of(configs));
    }

    /**
     * @param configs Ringcast endpoint configs, from {@link RingcastWebSocket}
     * @throws IllegalArgumentException if a config is not one of Ringcast's
     */
    public HandshakeFilter(List<ServerEndpointConfig> configs) {
        List<Route> list = new ArrayList<>();
        for (ServerEndpointConfig config : configs) {
            Objects.requireNonNull(config, "config");
            if (!(config.getConfigurator() instanceof RingcastConfigurator ringcast)) {
                throw new IllegalArgumentException("endpoint " + config.getPath() + " is not a Ringcast endpoint: "
                        + "pass the configs RingcastWebSocket makes");
            }
            list.add(new Route(config.getPath(), segments(config.getPath()), ringcast.opener()));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no endpoint config: pass the configs the filter guards");
        }
        this.routes = List.copyOf(list);
    }

    /**
     * Adds a filter for these endpoints to a starting servlet context, mapped to
     * {@link #urlPatterns()} for {@code REQUEST} dispatches, before the container's own filters
     * ({@code isMatchAfter = false}). Call it from a {@code ServletContainerInitializer} or a
     * {@code ServletContextListener} (Jetty: in {@code JakartaWebSocketServletContainerInitializer.configure}'s
     * callback, after which Jetty's upgrade filter is already in place). Once per context: the
     * filter is named {@value #NAME}; give every guarded endpoint to one call.
     *
     * @param context the servlet context being initialised
     * @param configs the Ringcast endpoint configs to guard
     * @return the filter
     */
    public static HandshakeFilter install(ServletContext context, ServerEndpointConfig... configs) {
        HandshakeFilter filter = new HandshakeFilter(configs);
        FilterRegistration.Dynamic registration = context.addFilter(NAME, filter);
        if (registration == null) {
            throw new IllegalStateException("a filter named " + NAME + " is already installed: pass every endpoint "
                    + "config to one install call");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                filter.urlPatterns().toArray(new String[0]));
        return filter;
    }

    /**
     * The servlet URL patterns that cover the endpoints' paths: the path itself, or for a path
     * template the prefix before its first {@code {param}} segment followed by {@code /*}.
     *
     * @return the patterns, such as {@code /ws} and {@code /channels/*}
     */
    public List<String> urlPatterns() {
        Set<String> patterns = new LinkedHashSet<>();
        for (Route route : routes) {
            int brace = route.path().indexOf('{');
            if (brace < 0) {
                patterns.add(route.path());
            } else {
                String prefix = route.path().substring(0, route.path().lastIndexOf('/', brace));
                patterns.add(prefix + "/*");
            }
        }
        return List.copyOf(patterns);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
                && isUpgrade(request)) {
            String path = pathInContext(request);
            for (Route route : routes) {
                Map<String, String> parameters = match(route.segments(), path);
                if (parameters != null) {
                    if (!refused(route, request, response, parameters)) {
                        // The container's upgrade runs on this thread: the endpoint's configurator
                        // passes the address on to the session, which JSR-356 does not show it.
                        RingcastConfigurator.upgrading(request.getRemoteAddr(), () -> chain.doFilter(req, res));
                    }
                    return;
                }
            }
        }
        chain.doFilter(req, res);
    }

    private boolean refused(Route route, HttpServletRequest request, HttpServletResponse response,
                            Map<String, String> parameters) throws IOException {
        Handshake.Verdict<?> verdict = route.opener().check(Handshake.of(request, parameters));
        if (verdict.accepted()) {
            return false;
        }
        if (verdict.failure() != null) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer failed on a WebSocket handshake to " + route.path()
                    + "; answered 500", verdict.failure());
        }
        if (verdict.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        }
        HttpErrors.send(response, verdict.status(), verdict.message());
        return true;
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static String pathInContext(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    /** @return the path parameters if the path matches the template's segments, else null */
    static Map<String, String> match(String[] template, String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] parts = segments(path);
        if (parts.length != template.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String t = template[i];
            if (t.length() > 2 && t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                parameters.put(t.substring(1, t.length() - 1), parts[i]);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return parameters;
    }
}
