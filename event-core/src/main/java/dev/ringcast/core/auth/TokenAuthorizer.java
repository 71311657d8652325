package dev.ringcast.core.auth;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link Authorizer} for bearer tokens, the same on every transport and for publishing:
 * it finds the request's token, asks a {@link TokenVerifier} what the token grants, and allows
 * the request if the grant covers every topic it names for its action.
 *
 * <h2>Where the token comes from</h2>
 * In this order, the first present wins:
 * <ol>
 *   <li>{@code Authorization: Bearer <token>} (RFC 6750); a header of another scheme is ignored;</li>
 *   <li>the query parameter {@code access_token} (the name is a setting; {@code null} turns it
 *       off), for clients that cannot set headers: a browser's {@code EventSource} and
 *       {@code WebSocket}. A token in a URL can end up in access logs and browser history: give
 *       such clients short-lived tokens;</li>
 *   <li>a cookie, if one is named ({@link Builder#cookie(String)}; off by default).</li>
 * </ol>
 *
 * <h2>Answers</h2>
 * <ul>
 *   <li>no token: allowed as the anonymous grant if one is set and covers the request, else
 *       <b>401</b> saying how to send credentials;</li>
 *   <li>a token the verifier refuses: <b>401</b> with the verifier's message;</li>
 *   <li>a grant that has expired: <b>401</b> saying to reconnect with a fresh token (the cursor
 *       is in the event id the client kept, never in the token, so it resumes where it was);</li>
 *   <li>a topic the grant does not cover for the action: <b>403</b> naming the topic;</li>
 *   <li>otherwise {@link Decision#allowAs(String, Instant)}: the grant's principal (the owner of
 *       durable channels) and its expiry, at which the transports end the stream: SSE with a
 *       final {@code credentials-expired} event, WebSocket with close code 4004, a held poll with
 *       its answer. A request naming no topic (a WebSocket handshake that subscribes later, a
 *       channel's REST call) only needs a valid token.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; as fast as its verifier.
 */
public final class TokenAuthorizer implements Authorizer {

    /** The default query parameter that may carry the token: {@code access_token} (RFC 6750, 2.3). */
    public static final String DEFAULT_QUERY_PARAMETER = "access_token";

    /** Tokens longer than this many characters are refused without asking the verifier. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private final TokenVerifier verifier;
    private final String queryParameter;
    private final String cookie;
    private final Grant anonymous;
    private final InstantSource clock;

    private TokenAuthorizer(Builder b) {
        this.verifier = b.verifier;
        this.queryParameter = b.queryParameter;
        this.cookie = b.cookie;
        this.anonymous = b.anonymous;
        this.clock = b.clock;
    }

    /**
     * @param verifier what turns tokens into grants
     * @return a builder with the defaults: header and {@code access_token}, no cookie, no anonymous access
     */
    public static Builder builder(TokenVerifier verifier) {
        return new Builder(Objects.requireNonNull(verifier, "verifier"));
    }

    /**
     * @param verifier what turns tokens into grants
     * @return an authorizer with the defaults
     */
    public static TokenAuthorizer of(TokenVerifier verifier) {
        return builder(verifier).build();
    }

    @Override
    public Decision authorize(AccessRequest request) {
        Optional<String> token;
        try {
            token = token(request);
        } catch (InvalidTokenException e) {
            return Decision.deny(401, e.getMessage());
        }
        if (token.isEmpty()) {
            if (anonymous != null && covers(anonymous, request)) {
                return Decision.allow();
            }
            return Decision.deny(401, credentialsNeeded());
        }
        Grant grant;
        try {
            grant = verifier.verify(token.get());
        } catch (InvalidTokenException e) {
            return Decision.deny(401, e.getMessage());
        }
        if (grant == null) {
            throw new IllegalStateException(verifier.getClass().getName() + ".verify returned null: return a Grant "
                    + "or throw InvalidTokenException");
        }
        if (grant.isExpired(clock.instant())) {
            return Decision.deny(401, "the token expired at " + grant.expiresAt() + ": get a fresh token and connect "
                    + "again with it, with the last event id you received to resume where you left off");
        }
        boolean publish = request.action() == AccessRequest.Action.PUBLISH;
        for (String topic : request.topics()) {
            if (publish ? !grant.mayPublish(topic) : !grant.maySubscribe(topic)) {
                TopicPatterns allowed = publish ? grant.publish() : grant.subscribe();
                return Decision.deny(403, "the token of \"" + grant.principal() + "\" may not "
                        + (publish ? "publish to" : "subscribe to") + " topic \"" + topic + "\": it grants "
                        + (allowed.isEmpty() ? "no topic" : "only " + String.join(", ", allowed.patterns()))
                        + " for " + (publish ? "publishing" : "subscribing") + "; use a token that grants it");
            }
        }
        return Decision.allowAs(grant.principal(), grant.expiresAt());
    }

    private static boolean covers(Grant grant, AccessRequest request) {
        boolean publish = request.action() == AccessRequest.Action.PUBLISH;
        if (publish && grant.publish().isEmpty()) {
            return false;
        }
        for (String topic : request.topics()) {
            if (publish ? !grant.mayPublish(topic) : !grant.maySubscribe(topic)) {
                return false;
            }
        }
        return true;
    }

    private String credentialsNeeded() {
        StringBuilder b = new StringBuilder("this request needs credentials: send the header Authorization: Bearer <token>");
        if (queryParameter != null) {
            b.append(", or the query parameter ").append(queryParameter).append("=<token> where the client cannot set "
                    + "headers (a browser's EventSource or WebSocket)");
        }
        if (cookie != null) {
            b.append(", or the cookie ").append(cookie);
        }
        return b.toString();
    }

    /**
     * Finds the request's token, as described above.
     *
     * @param request the request
     * @return the token, if the request carries one
     * @throws InvalidTokenException if the request carries an empty or over-long one
     */
    public Optional<String> token(AccessRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isPresent()) {
            String value = header.get().trim();
            if (value.length() >= 6 && value.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
                    && (value.length() == 6 || value.charAt(6) == ' ')) {
                return Optional.of(checked(value.substring(6).trim(), "the Authorization header"));
            }
        }
        if (queryParameter != null) {
            Optional<String> q = request.queryParameter(queryParameter);
            if (q.isPresent()) {
                return Optional.of(checked(q.get().trim(), "the query parameter " + queryParameter));
            }
        }
        if (cookie != null) {
            Optional<String> c = request.cookie(cookie);
            if (c.isPresent()) {
                return Optional.of(checked(c.get().trim(), "the cookie " + cookie));
            }
        }
        return Optional.empty();
    }

    private static String checked(String token, String where) {
        if (token.isEmpty()) {
            throw new InvalidTokenException(where + " holds no token: send Bearer <token>, the token itself after the "
                    + "scheme");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("the token in " + where + " is " + token.length() + " characters long, over "
                    + "the limit of " + MAX_TOKEN_LENGTH + ": send the token you were issued");
        }
        return token;
    }

    /** @return the query parameter that may carry the token, or null if tokens are not read from the query */
    public String queryParameter() {
        return queryParameter;
    }

    /** @return the cookie that may carry the token, or null */
    public String cookie() {
        return cookie;
    }

    /** Builds a {@link TokenAuthorizer}. Not thread-safe. */
    public static final class Builder {
        private final TokenVerifier verifier;
        private String queryParameter = DEFAULT_QUERY_PARAMETER;
        private String cookie;
        private Grant anonymous;
        private InstantSource clock = InstantSource.system();

        private Builder(TokenVerifier verifier) {
            this.verifier = verifier;
        }

        /**
         * @param name the query parameter that may carry the token, or null to read none; default
         *     {@value TokenAuthorizer#DEFAULT_QUERY_PARAMETER}
         * @return this builder
         */
        public Builder queryParameter(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("query parameter name is blank: use e.g. access_token, or null for none");
            }
            this.queryParameter = name;
            return this;
        }

        /**
         * Reads the token from a cookie too. A cookie is sent by the browser with every request to
         * the server, whichever page makes it: keep the transports' origin checks on (their
         * default, same-origin) so another site cannot use it.
         *
         * @param name the cookie's name, or null for none (the default)
         * @return this builder
         */
        public Builder cookie(String name) {
            if (name != null && !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("cookie name \"" + name + "\" is invalid: use a token such as ringcast_token");
            }
            this.cookie = name;
            return this;
        }

        /**
         * What a request without any token may do; by default nothing (401). A request that
         * names a topic outside it, or publishes when it grants no publishing, still needs a token.
         *
         * @param grant the anonymous grant (its principal is not used; its expiry neither), or null
         * @return this builder
         */
        public Builder anonymous(Grant grant) {
            this.anonymous = grant;
            return this;
        }

        /**
         * @param source the clock that expiry is checked against; default the system clock
         * @return this builder
         */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** @return the authorizer */
        public TokenAuthorizer build() {
            return new TokenAuthorizer(this);
        }
    }

    @Override
    public String toString() {
        return "TokenAuthorizer{header" + (queryParameter == null ? "" : ", ?" + queryParameter)
                + (cookie == null ? "" : ", cookie " + cookie) + (anonymous == null ? "" : ", anonymous " + List.of(
                anonymous.subscribe(), anonymous.publish())) + "}";
    }
}
