package dev.ringcast.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin resource sharing for the servlet transports: a set of allowed origins, or
 * {@code *} for any; {@link #none()} (the default) allows the request's own origin only.
 *
 * <ul>
 *   <li>A request without an {@code Origin} header (a non-browser client, a same-origin
 *       {@code GET}) is let through, unless it is a write ({@code POST}, {@code PUT},
 *       {@code DELETE}...) that the browser marks {@code Sec-Fetch-Site: cross-site}: browsers
 *       send {@code Origin} with cross-site writes, and one that did not is refused all the same.</li>
 *   <li>The request's own origin is allowed: its scheme and the host it names
 *       ({@link Origins#isSameOrigin(String, HttpServletRequest)}, default ports and case
 *       normalized). That host comes from the client: pair this with {@link AllowedHosts} to defeat
 *       DNS rebinding, where a hostile page's host is made to point at this server.</li>
 *   <li>{@code Origin: null} (sandboxed frames, {@code file:} pages) is never allowed, unless the
 *       policy is {@code *}.</li>
 * </ul>
 * A refused request is answered 403 by the servlet; a cross-site form or {@code text/plain}
 * {@code POST} carries its page's {@code Origin}, so it cannot publish.
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

    /** @return a policy that allows no cross-origin request, only the request's own origin (the default) */
    public static Cors none() {
        return NONE;
    }

    /**
     * @param origins allowed origins such as {@code https://app.example.com}, or {@code *} for any
     * @return the policy
     */
    public static Cors allowing(List<String> origins) {
        java.util.Set<String> normalized = new java.util.LinkedHashSet<>();
        for (String o : origins) {
            if (o != null && o.endsWith("/")) {
                throw new IllegalArgumentException("CORS origin \"" + o + "\" ends with /: origins have no path");
            }
            if ("*".equals(o)) {
                normalized.add(o);
                continue;
            }
            try {
                normalized.add(Origins.normalize(o));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CORS origin \"" + o
                        + "\" is invalid: use scheme://host[:port] such as https://app.example.com, or *");
            }
        }
        return new Cors(Set.copyOf(normalized));
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
            return !crossSiteWrite(request);
        }
        if (origins.contains("*")) {
            response.setHeader("Access-Control-Allow-Origin", "*");
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            return true;
        }
        response.addHeader("Vary", "Origin");
        if (Origins.parse(origin).map(o -> origins.contains(o.toString())).orElse(false)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            return true;
        }
        // A same-origin request may carry Origin too (POST from the page itself).
        return Origins.isSameOrigin(origin, request);
    }

    /** A write without {@code Origin} that the browser says comes from another site. */
    private static boolean crossSiteWrite(HttpServletRequest request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        return "cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
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
