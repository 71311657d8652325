package dev.ringcast.examples.iot;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser's way to pass the API key: a page cannot set {@code Authorization} on a WebSocket,
 * so it offers two subprotocols, {@code new WebSocket(url, ['wss', 'pelion_' + apiKey])}; the
 * server selects {@code wss} and reads the key from the other.
 *
 * <p>{@link #wrap} wraps a Ringcast endpoint config: the handshake is passed on with an
 * {@code Authorization: Bearer <key>} header made from the subprotocol (when the request has no
 * such header of its own), so the endpoint's authorizer and owner lookup see the key either way;
 * and {@code wss} is selected when offered (a browser fails a handshake whose answer selects none
 * of the subprotocols it offered). Everything else is the wrapped config's.
 *
 * <p>Immutable; called by container threads, concurrently.
 */
public final class BrowserKeyProtocol extends ServerEndpointConfig.Configurator {

    /** The subprotocol the server selects. */
    public static final String SUBPROTOCOL = "wss";

    /** The prefix of the subprotocol that carries the key. */
    public static final String KEY_PREFIX = "pelion_";

    private final ServerEndpointConfig.Configurator inner;

    private BrowserKeyProtocol(ServerEndpointConfig.Configurator inner) {
        this.inner = inner;
    }

    /**
     * @param config a Ringcast endpoint config, such as a channel endpoint's
     * @return the same endpoint, accepting the key as a subprotocol
     */
    public static ServerEndpointConfig wrap(ServerEndpointConfig config) {
        return ServerEndpointConfig.Builder.create(config.getEndpointClass(), config.getPath())
                .subprotocols(List.of(SUBPROTOCOL))
                .configurator(new BrowserKeyProtocol(config.getConfigurator()))
                .build();
    }

    /**
     * @param headers a handshake's headers
     * @return the key offered as a {@code pelion_<key>} subprotocol, if any
     */
    static Optional<String> keyOf(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() == null || !h.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol") || h.getValue() == null) {
                continue;
            }
            for (String value : h.getValue()) {
                for (String protocol : value.split(",")) {
                    String p = protocol.trim();
                    if (p.startsWith(KEY_PREFIX) && p.length() > KEY_PREFIX.length()) {
                        return Optional.of(p.substring(KEY_PREFIX.length()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = request.getHeaders();
        boolean hasAuthorization = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        Optional<String> key = keyOf(headers);
        inner.modifyHandshake(config, hasAuthorization || key.isEmpty() ? request
                : new WithAuthorization(request, "Bearer " + key.get()), response);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return inner.getNegotiatedExtensions(installed, requested);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return inner.checkOrigin(originHeaderValue);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        return inner.getEndpointInstance(endpointClass);
    }

    /** The handshake request with an {@code Authorization} header added. */
    private record WithAuthorization(HandshakeRequest request, String authorization) implements HandshakeRequest {

        @Override
        public Map<String, List<String>> getHeaders() {
            Map<String, List<String>> headers = new HashMap<>(request.getHeaders());
            headers.put("Authorization", new ArrayList<>(List.of(authorization)));
            return headers;
        }

        @Override
        public Principal getUserPrincipal() {
            return request.getUserPrincipal();
        }

        @Override
        public URI getRequestURI() {
            return request.getRequestURI();
        }

        @Override
        public boolean isUserInRole(String role) {
            return request.isUserInRole(role);
        }

        @Override
        public Object getHttpSession() {
            return request.getHttpSession();
        }

        @Override
        public Map<String, List<String>> getParameterMap() {
            return request.getParameterMap();
        }

        @Override
        public String getQueryString() {
            return request.getQueryString();
        }
    }
}
