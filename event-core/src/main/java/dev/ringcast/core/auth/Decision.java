package dev.ringcast.core.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * An {@link Authorizer}'s answer: allow (optionally naming who the client is, for features that
 * own state per client such as durable channels) or deny with an HTTP status and a message that
 * tells the client what to do. An allowing decision may carry the time its credentials expire
 * ({@link #expiresAt()}): the transports end a stream, a WebSocket connection or a held poll then
 * (see {@link TokenAuthorizer}).
 *
 * <p>Immutable.
 */
public final class Decision {

    private static final Decision ALLOW = new Decision(true, 200, null, null, null);

    private final boolean allowed;
    private final int status;
    private final String message;
    private final String principalName;
    private final Instant expiresAt;

    private Decision(boolean allowed, int status, String message, String principalName, Instant expiresAt) {
        this.allowed = allowed;
        this.status = status;
        this.message = message;
        this.principalName = principalName;
        this.expiresAt = expiresAt;
    }

    /** @return a decision that allows the request */
    public static Decision allow() {
        return ALLOW;
    }

    /**
     * Allows the request and names the client.
     *
     * @param principalName who the client is, e.g. the API key's owner
     * @return the decision
     */
    public static Decision allowAs(String principalName) {
        if (principalName == null || principalName.isEmpty()) {
            throw new IllegalArgumentException("principal name is empty: use Decision.allow() for anonymous clients");
        }
        return new Decision(true, 200, null, principalName, null);
    }

    /**
     * Allows the request, names the client and says until when its credentials are valid: a
     * stream opened with this decision (SSE, WebSocket, a channel connection) is ended at that
     * time with a signal the client can act on, and a held poll is answered by then.
     *
     * @param principalName who the client is
     * @param expiresAt when its credentials expire, or null if they do not
     * @return the decision
     */
    public static Decision allowAs(String principalName, Instant expiresAt) {
        Decision d = allowAs(principalName);
        return expiresAt == null ? d : new Decision(true, 200, null, principalName, expiresAt);
    }

    /**
     * Denies the request.
     *
     * @param status 401 (no or bad credentials) or 403 (not allowed), or another 4xx
     * @param message what is wrong and how to fix it; sent to the client
     * @return the decision
     */
    public static Decision deny(int status, String message) {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("deny status " + status + " is invalid: use a 4xx such as 401 or 403");
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("deny needs a message telling the client what to do");
        }
        return new Decision(false, status, message, null, null);
    }

    /** @return true if allowed */
    public boolean allowed() {
        return allowed;
    }

    /** @return the HTTP status of a denial; 200 when allowed */
    public int status() {
        return status;
    }

    /** @return the denial's message; null when allowed */
    public String message() {
        return message;
    }

    /** @return the client's name, if the authorizer gave one */
    public Optional<String> principalName() {
        return Optional.ofNullable(principalName);
    }

    /** @return when the client's credentials expire, if they do; empty for a denial */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return allowed ? "allow" + (principalName == null ? "" : "(" + principalName + ")")
                + (expiresAt == null ? "" : " until " + expiresAt)
                : "deny(" + status + ", " + message + ")";
    }
}
