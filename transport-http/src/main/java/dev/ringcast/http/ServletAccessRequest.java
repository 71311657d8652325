package dev.ringcast.http;

import dev.ringcast.core.auth.AccessRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AccessRequest} view of a servlet request, for the servlet transports.
 * Valid while the request is.
 */
public final class ServletAccessRequest implements AccessRequest {

    private final HttpServletRequest request;
    private final Action action;
    private final List<String> topics;
    private final String transport;

    /**
     * @param request the request
     * @param action what the client asks for
     * @param topics the topics it names
     * @param transport {@code "sse"} or {@code "longpoll"}
     */
    public ServletAccessRequest(HttpServletRequest request, Action action, List<String> topics, String transport) {
        this.request = request;
        this.action = action;
        this.topics = List.copyOf(topics);
        this.transport = transport;
    }

    @Override
    public Action action() {
        return action;
    }

    @Override
    public List<String> topics() {
        return topics;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(request.getUserPrincipal());
    }
}
