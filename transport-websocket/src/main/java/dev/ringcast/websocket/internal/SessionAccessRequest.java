package dev.ringcast.websocket.internal;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.TransportAccessRequest;
import jakarta.websocket.Session;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link AccessRequest} view of a WebSocket session: the handshake's headers (captured by
 * {@link RingcastConfigurator#modifyHandshake}), its query parameters and the container's
 * principal. The same view serves the handshake and every later control message.
 *
 * <p>JSR-356 exposes no remote address: {@link #remoteAddress()} is the one the handshake filter
 * passed on, else the one Jetty puts in the session's user properties, else {@code "unknown"}.
 */
public final class SessionAccessRequest extends TransportAccessRequest {

    private static final String JETTY_REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    private final Session session;

    /**
     * @param session the session
     * @param action what the client asks for
     * @param topics the topics it names
     * @param transport {@code "websocket"}
     */
    public SessionAccessRequest(Session session, Action action, List<String> topics, String transport) {
        super(action, topics, transport);
        this.session = session;
    }

    @Override
    public Optional<String> header(String name) {
        Object captured = session.getUserProperties().get(RingcastConfigurator.HEADERS);
        if (!(captured instanceof Map<?, ?> headers)) {
            return Optional.empty();
        }
        Object values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        if (values instanceof List<?> list && !list.isEmpty()) {
            return Optional.of(String.valueOf(list.get(0)));
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String remoteAddress() {
        Object passedOn = session.getUserProperties().get(RingcastConfigurator.REMOTE_ADDRESS);
        if (passedOn instanceof String a) {
            return a;
        }
        Object address = session.getUserProperties().get(JETTY_REMOTE_ADDRESS);
        if (address instanceof InetSocketAddress a) {
            return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        }
        return "unknown";
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(session.getUserPrincipal());
    }
}
