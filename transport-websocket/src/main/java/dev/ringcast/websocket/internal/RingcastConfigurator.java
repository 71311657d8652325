package dev.ringcast.websocket.internal;

import dev.ringcast.websocket.OriginCheck;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The handshake hooks of a Ringcast endpoint: runs the {@link OriginCheck}, captures the request
 * headers for the authorizer, and hands out endpoints bound to their hub.
 *
 * <p>Every method is overridden: the base class would otherwise delegate to the "container
 * default" configurator that the {@code ServiceLoader} finds first, which with several
 * containers on one class path may belong to another container. The subprotocol is the first the
 * client offers that the endpoint's settings accept ({@link WebSocketSettings#subprotocols()}),
 * none if none is; no extension (permessage-deflate would compress each frame once per
 * connection, undoing encode-once) is negotiated.
 *
 * <p>Called by container threads, concurrently; immutable. The user properties it writes are the
 * per-connection copy that WebSocket 2.1 requires (Jetty 12, Tomcat 11 and Undertow 2.3 do so),
 * which becomes the session's user properties.
 */
public final class RingcastConfigurator extends ServerEndpointConfig.Configurator {

    /** The user property holding the handshake's headers: lower-case name to values. */
    static final String HEADERS = "dev.ringcast.websocket.handshakeHeaders";

    /** The user property holding the client's remote address, when the handshake filter passed it on. */
    static final String REMOTE_ADDRESS = "dev.ringcast.websocket.remoteAddress";

    /** The remote address of the upgrade the handshake filter lets through on this thread. */
    private static final ThreadLocal<String> UPGRADING_ADDRESS = new ThreadLocal<>();

    /** What the handshake filter runs: the rest of the filter chain. */
    @FunctionalInterface
    public interface Upgrade {
        /**
         * Runs the upgrade.
         *
         * @throws java.io.IOException as the filter chain does
         * @throws jakarta.servlet.ServletException as the filter chain does
         */
        void run() throws java.io.IOException, jakarta.servlet.ServletException;
    }

    /**
     * Runs an upgrade (the rest of the filter chain) with the client's remote address at hand for
     * {@link #modifyHandshake}, which every tested container calls on the thread that runs the
     * upgrade. JSR-356 shows an endpoint no remote address; Jetty adds one, Tomcat and Undertow do not.
     *
     * @param remoteAddress the client's address, from the servlet request
     * @param upgrade the rest of the filter chain
     * @throws java.io.IOException as the chain does
     * @throws jakarta.servlet.ServletException as the chain does
     */
    public static void upgrading(String remoteAddress, Upgrade upgrade)
            throws java.io.IOException, jakarta.servlet.ServletException {
        UPGRADING_ADDRESS.set(remoteAddress);
        try {
            upgrade.run();
        } finally {
            UPGRADING_ADDRESS.remove();
        }
    }

    private final Supplier<? extends Endpoint> endpoints;
    private final SessionOpener opener;
    private final OriginCheck originCheck;

    /**
     * @param endpoints makes one endpoint per connection
     * @param opener what the endpoints open, for the handshake filter's checks
     */
    public RingcastConfigurator(Supplier<? extends Endpoint> endpoints, SessionOpener opener) {
        this.endpoints = endpoints;
        this.opener = opener;
        this.originCheck = opener.settings().originCheck();
    }

    /** @return what the endpoint's connections open; the handshake filter checks with it */
    public SessionOpener opener() {
        return opener;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        Endpoint endpoint = endpoints.get();
        if (!endpointClass.isInstance(endpoint)) {
            throw new InstantiationException("this configurator makes " + endpoint.getClass().getName()
                    + ", not " + endpointClass.getName() + ": register it with RingcastWebSocket's factories");
        }
        return endpointClass.cast(endpoint);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        // A same-origin check needs the Host, which the container does not pass here: the opener
        // decides it (with the handshake filter before the upgrade, or at open).
        return originCheck.allows(originHeaderValue) || originCheck.allowsSameOrigin();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> {
            if (name != null && values != null) {
                List<String> all = headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
                values.stream().filter(Objects::nonNull).forEach(all::add);
            }
        });
        headers.replaceAll((name, values) -> List.copyOf(values));
        config.getUserProperties().put(HEADERS, Map.copyOf(headers));
        String address = UPGRADING_ADDRESS.get();
        if (address != null) {
            config.getUserProperties().put(REMOTE_ADDRESS, address);
        }
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String offered : requested) {
            if (supported.contains(offered)) {
                return offered;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }
}
