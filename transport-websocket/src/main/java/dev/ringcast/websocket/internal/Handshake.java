package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.internal.ServletAccessRequest;
import dev.ringcast.http.internal.ServletAuthorization;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket handshake as an opener reads it: the query parameters, the path parameters of the
 * endpoint's path template, and the {@link AccessRequest} its authorizer sees. Two views: the
 * container's session at open ({@link #of(Session)}), and the servlet request before the upgrade,
 * in {@link dev.ringcast.websocket.HandshakeFilter} ({@link #of(HttpServletRequest, Map)}). The
 * openers decide on either the same way, so a refusal before the upgrade is the one the
 * connection would get after it.
 *
 * <p>Valid while its session or request is.
 */
public interface Handshake {

    /** @return the query parameters, each with its values in order */
    Map<String, List<String>> parameters();

    /**
     * @param name a path parameter of the endpoint's path, such as {@code name} in {@code /channels/{name}/ws}
     * @return its value, or null
     */
    String pathParameter(String name);

    /**
     * @param topics the topics the handshake asks for
     * @return the request as the authorizer sees it: action {@code SUBSCRIBE}, transport {@code "websocket"}
     */
    AccessRequest access(List<String> topics);

    /**
     * @param name a header, case-insensitive
     * @return its first value, or null
     */
    String header(String name);

    /** @return {@code https} for a handshake over TLS, else {@code http} */
    String scheme();

    /** @return the host the handshake names ({@code Host}), {@code host[:port]}; null if unknown */
    String host();

    /**
     * The checks before any other: the handshake's {@code Host} against the allowed hosts (421),
     * then its {@code Origin} against the origin check (403).
     *
     * @param handshake the handshake
     * @param settings the endpoint's settings
     * @param <P> the plan's type
     * @return the refusal, or null if both pass
     */
    static <P> Verdict<P> guard(Handshake handshake, dev.ringcast.websocket.WebSocketSettings settings) {
        if (!settings.allowedHosts().isAny()) {
            String host = handshake.host();
            if (!settings.allowedHosts().allows(host)) {
                return Verdict.refuse(421, settings.allowedHosts().refusal(host));
            }
        }
        String origin = handshake.header("Origin");
        if (!settings.originCheck().allows(origin)
                && !settings.originCheck().allows(origin, handshake.scheme(), handshake.host())) {
            return Verdict.refuse(403, "origin " + (origin == null ? "(none)" : EventNames.clipped(origin))
                    + " may not open WebSocket connections here: connect from a page the server allows "
                    + "(by default its own origin)");
        }
        return null;
    }

    /**
     * @param name a query parameter
     * @return its first value, or null
     */
    default String first(String name) {
        List<String> values = parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param session a new session
     * @return the view of its handshake
     */
    static Handshake of(Session session) {
        return new Handshake() {
            @Override
            public Map<String, List<String>> parameters() {
                return session.getRequestParameterMap();
            }

            @Override
            public String pathParameter(String name) {
                return session.getPathParameters().get(name);
            }

            @Override
            public AccessRequest access(List<String> topics) {
                return new SessionAccessRequest(session, AccessRequest.Action.SUBSCRIBE, topics, "websocket");
            }

            @Override
            public String header(String name) {
                return new SessionAccessRequest(session, AccessRequest.Action.SUBSCRIBE, List.of(), "websocket")
                        .header(name).orElse(null);
            }

            @Override
            public String scheme() {
                return session.isSecure() ? "https" : "http";
            }

            @Override
            public String host() {
                String host = header("Host");
                if (host != null) {
                    return host;
                }
                java.net.URI uri = session.getRequestURI();
                return uri == null || uri.getRawAuthority() == null ? null : uri.getRawAuthority();
            }
        };
    }

    /**
     * @param request an upgrade request
     * @param pathParameters the values of the endpoint path's parameters
     * @return the view of the request
     */
    static Handshake of(HttpServletRequest request, Map<String, String> pathParameters) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        return new Handshake() {
            @Override
            public Map<String, List<String>> parameters() {
                return parameters;
            }

            @Override
            public String pathParameter(String name) {
                return pathParameters.get(name);
            }

            @Override
            public AccessRequest access(List<String> topics) {
                return new ServletAccessRequest(request, AccessRequest.Action.SUBSCRIBE, topics, "websocket");
            }

            @Override
            public String header(String name) {
                return request.getHeader(name);
            }

            @Override
            public String scheme() {
                return request.isSecure() ? "https" : "http";
            }

            @Override
            public String host() {
                return dev.ringcast.http.Origins.requestHost(request);
            }
        };
    }

    /**
     * An opener's answer to a handshake: what to open, or why not.
     *
     * @param <P> what an accepted handshake opens
     * @param plan what to open, when accepted
     * @param status the refusal's HTTP-like status, when refused
     * @param message the refusal's message: what is wrong and how to fix it
     * @param failure what the authorizer threw, when that is the refusal's cause (status 500)
     * @param retryAfterSeconds for a limit's refusal (429, 503), the wait to suggest in seconds; else 0
     */
    record Verdict<P>(P plan, int status, String message, RuntimeException failure, long retryAfterSeconds) {

        /**
         * @param plan what to open
         * @param <P> its type
         * @return an acceptance
         */
        public static <P> Verdict<P> accept(P plan) {
            return new Verdict<>(plan, 0, null, null, 0);
        }

        /**
         * @param refusal the limit that refused the handshake
         * @param <P> the plan's type
         * @return a refusal with its status, message and wait
         */
        public static <P> Verdict<P> limited(dev.ringcast.core.LimitExceededException refusal) {
            return new Verdict<>(null, refusal.status(), refusal.getMessage(), null, refusal.retryAfterSeconds());
        }

        /**
         * @param status the status
         * @param message what is wrong and how to fix it
         * @param <P> the plan's type
         * @return a refusal
         */
        public static <P> Verdict<P> refuse(int status, String message) {
            return new Verdict<>(null, status, message, null, 0);
        }

        /**
         * @param failure what the authorizer threw
         * @param <P> the plan's type
         * @return a refusal with 500 and {@link ServletAuthorization#FAILURE_MESSAGE}
         */
        public static <P> Verdict<P> failed(RuntimeException failure) {
            return new Verdict<>(null, 500, ServletAuthorization.FAILURE_MESSAGE, failure, 0);
        }

        /** @return whether the handshake is accepted */
        public boolean accepted() {
            return status == 0;
        }

        /**
         * @param <Q> another plan type
         * @return this refusal, as a verdict of another plan type
         */
        public <Q> Verdict<Q> refusal() {
            if (accepted()) {
                throw new IllegalStateException("an accepted verdict is no refusal");
            }
            return new Verdict<>(null, status, message, failure, retryAfterSeconds);
        }

        /**
         * Refuses a connection that opened: an error frame (when control frames are on) then 1008,
         * for an authorizer failure 500 then 1011, for a limit its 429 or 503 then 1013.
         *
         * @param connection the connection
         */
        public void refuse(Connection connection) {
            if (failure != null) {
                connection.failed(failure);
            } else if (retryAfterSeconds > 0) {
                connection.limited(status, message, retryAfterSeconds);
            } else {
                connection.refuse(status, message);
            }
        }
    }

    /**
     * Asks an authorizer.
     *
     * @param authorizer the authorizer
     * @param access the request
     * @return its allowing decision, or the refusal: its denial, or {@link Verdict#failed} if it threw or returned null
     */
    static Verdict<Decision> authorize(Authorizer authorizer, AccessRequest access) {
        Decision decision;
        try {
            decision = authorizer.authorize(access);
            if (decision == null) {
                throw new IllegalStateException(authorizer.getClass().getName()
                        + ".authorize returned null: return Decision.allow() or Decision.deny(status, message)");
            }
        } catch (RuntimeException e) {
            return Verdict.failed(e);
        }
        return decision.allowed() ? Verdict.accept(decision) : Verdict.refuse(decision.status(), decision.message());
    }
}
