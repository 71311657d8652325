package dev.ringcast.core.auth;

import java.util.List;

/**
 * A base for a transport's {@link AccessRequest} view: it holds what every transport knows the
 * same way (the action, the topics, the transport's name), so that an adapter over a servlet
 * request or a WebSocket session only says how to read headers, parameters, the address and the
 * principal. Immutable in what it holds; valid while the underlying request is.
 */
public abstract class TransportAccessRequest implements AccessRequest {

    private final Action action;
    private final List<String> topics;
    private final String transport;

    /**
     * @param action what the client asks for
     * @param topics the topics it names, validated
     * @param transport the transport's name, such as {@code "sse"}
     */
    protected TransportAccessRequest(Action action, List<String> topics, String transport) {
        this.action = action;
        this.topics = List.copyOf(topics);
        this.transport = transport;
    }

    @Override
    public final Action action() {
        return action;
    }

    @Override
    public final List<String> topics() {
        return topics;
    }

    @Override
    public final String transport() {
        return transport;
    }
}
