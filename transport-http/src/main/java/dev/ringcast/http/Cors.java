package dev.ringcast.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin resource sharing for the servlet transports: a set of allowed origins, or
 * {@code *} for any. Requests without an {@code Origin} header (same-origin, non-browser) are
 * always let through.
 *
 * <p>Immutable; any thread.
 */
public final class Cors {

    /** Response headers a cross-origin page may read: the long-poll answer's position. */
    static final String EXPOSED_HEADERS = "Ringcast-Position";


    private static final Cors NONE = new Cors(Set.of());

    private final Set<String> origins;

    private Cors(Set<String> origins) {
        this.origins = origins;
    }

    /** @return a policy that allows no cross-origin request (the default) */
    public static Cors none() {
        return NONE;
    }

    /**
     * @param origins allowed origins such as {@code https://app.example.com}, or {@code *} for any
     * @return the policy
     */
    public static Cors allowing(List<String> origins) {
        for (String o : origins) {
            if (!o.equals("*") && !(o.startsWith("http://") || o.startsWith("https://"))) {
                throw new IllegalArgumentException("CORS origin \"" + o
                        + "\" is invalid: use scheme://host[:port] such as https://app.example.com, or *");
            }
            if (o.endsWith("/")) {
                throw new IllegalArgumentException("CORS origin \"" + o + "\" ends with /: origins have no path");
            }
        }
        return new Cors(Set.copyOf(origins));
    }

    /** @return the allowed origins */
    public Set<String> origins() {
        return origins;
    }

    /**
     * Adds the CORS headers for an allowed cross-origin request.
     *
     * @param request the request
     * @param response the response
     * @return false if the request comes from an origin that is not allowed (answer 403)
     */
    public boolean apply(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        if (origins.contains("*")) {
            response.setHeader("Access-Control-Allow-Origin", "*");
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            return true;
        }
        if (origins.contains(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            response.addHeader("Vary", "Origin");
            return true;
        }
        // A same-origin request may carry Origin too (POST from the page itself).
        String self = request.getScheme() + "://" + request.getHeader("Host");
        return origin.equalsIgnoreCase(self);
    }

    /**
     * Answers a preflight ({@code OPTIONS}) request.
     *
     * @param request the request
     * @param response the response
     * @param methods the methods to allow, e.g. {@code "GET, POST"}
     */
    public void preflight(HttpServletRequest request, HttpServletResponse response, String methods) {
        if (!apply(request, response)) {
            response.setStatus(403);
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", methods);
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, Last-Event-ID, Authorization");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
    }
}
