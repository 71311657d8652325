package dev.ringcast.http.internal;

import dev.ringcast.http.HttpErrors;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Asks an {@link Authorizer} on behalf of a servlet transport, and answers the requests it does
 * not allow, the same way on every transport:
 * <ul>
 *   <li>a denial with the decision's status and message (a 401 with {@code WWW-Authenticate: Bearer});</li>
 *   <li>an authorizer that throws (or returns null) with 500 and the JSON error
 *       {@link #FAILURE_MESSAGE}, which does not reveal the exception; the exception is logged once, at {@code WARNING},
 *       through {@link System.Logger} {@code dev.ringcast.http.internal.ServletAuthorization}.</li>
 * </ul>
 * Before either answer, what is left of the request's body is drained (see {@link RequestBodies}),
 * so that a client still sending a body reads the answer.
 *
 * <p>Stateless; any thread.
 */
public final class ServletAuthorization {

    /** The message of the 500 answered when the authorizer throws: it tells the client what to do, not what failed. */
    public static final String FAILURE_MESSAGE = "the server failed to authorize this request: try again later";

    private static final System.Logger LOG = System.getLogger(ServletAuthorization.class.getName());

    private ServletAuthorization() {
    }

    /**
     * Asks the authorizer about a request.
     *
     * @param authorizer the authorizer
     * @param access the request as the authorizer sees it
     * @param response the request's response, not committed yet
     * @return the decision if it allows the request; null once the response has answered a
     *     denial or a failure (see above)
     * @throws IOException if writing the answer fails
     */
    public static Decision authorize(Authorizer authorizer, ServletAccessRequest access, HttpServletResponse response)
            throws IOException {
        HttpServletRequest request = access.request();
        Decision decision;
        try {
            decision = authorizer.authorize(access);
            if (decision == null) {
                throw new IllegalStateException(authorizer.getClass().getName()
                        + ".authorize returned null: return Decision.allow() or Decision.deny(status, message)");
            }
        } catch (RuntimeException e) {
            // The servlet path, not the URI: a path-mode URI holds the topic, which may be a session token.
            LOG.log(System.Logger.Level.WARNING, "the authorizer failed on a " + access.transport() + " request, "
                    + request.getMethod() + " " + request.getServletPath() + "; answered 500", e);
            RequestBodies.discard(request, response, RequestBodies.MIN_DRAIN_BYTES);
            HttpErrors.send(response, 500, FAILURE_MESSAGE);
            return null;
        }
        if (decision.allowed()) {
            return decision;
        }
        RequestBodies.discard(request, response, RequestBodies.MIN_DRAIN_BYTES);
        if (decision.status() == 401 && !response.isCommitted() && response.getHeader("WWW-Authenticate") == null) {
            response.setHeader("WWW-Authenticate", "Bearer"); // RFC 7235: a 401 names the scheme it wants
        }
        HttpErrors.send(response, decision.status(), decision.message());
        return null;
    }
}
