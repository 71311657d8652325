package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.auth.AccessRequest;
import jakarta.websocket.Session;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WebSocket handshake as the {@link dev.ringcast.core.auth.Authorizer} sees it: the headers
 * captured in the handshake, the query parameters and the principal of the session. Valid while
 * the session is open; immutable.
 *
 * @param session the new session
 * @param headers the handshake's headers
 * @param topic the topic the connection reads
 */
record HandshakeAccess(Session session, Map<String, List<String>> headers, String topic)
        implements AccessRequest {

    @Override
    public Action action() {
        return Action.SUBSCRIBE;
    }

    @Override
    public List<String> topics() {
        return List.of(topic);
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0))
                .findFirst();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String remoteAddress() {
        return "unknown"; // JSR-356 does not expose it
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(session.getUserPrincipal());
    }
}
