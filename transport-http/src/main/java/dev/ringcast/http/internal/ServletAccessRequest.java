package dev.ringcast.http.internal;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.TransportAccessRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AccessRequest} view of a servlet request, for the servlet transports.
 * Valid while the request is.
 */
public final class ServletAccessRequest extends TransportAccessRequest {

    private final HttpServletRequest request;

    /**
     * @param request the request
     * @param action what the client asks for
     * @param topics the topics it names
     * @param transport {@code "sse"} or {@code "longpoll"}
     */
    public ServletAccessRequest(HttpServletRequest request, Action action, List<String> topics, String transport) {
        super(action, topics, transport);
        this.request = request;
    }

    /** @return the servlet request this view reads */
    HttpServletRequest request() {
        return request;
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
    public Optional<String> cookie(String name) {
        jakarta.servlet.http.Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (jakarta.servlet.http.Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return Optional.ofNullable(c.getValue());
                }
            }
        }
        return Optional.empty();
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
