package dev.ringcast.core.auth;

import java.util.Optional;

/**
 * An {@link Authorizer}'s answer: allow (optionally naming who the client is, for features that
 * own state per client such as durable channels) or deny with an HTTP status and a message that
 * tells the client what to do.
 *
 * <p>Immutable.
 */
public final class Decision {

    private static final Decision ALLOW = new Decision(true, 200, null, null);

    private final boolean allowed;
    private final int status;
    private final String message;
    private final String principalName;

    private Decision(boolean allowed, int status, String message, String principalName) {
        this.allowed = allowed;
        this.status = status;
        this.message = message;
        this.principalName = principalName;
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
        return new Decision(true, 200, null, principalName);
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
        return new Decision(false, status, message, null);
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

    @Override
    public String toString() {
        return allowed ? "allow" + (principalName == null ? "" : "(" + principalName + ")")
                : "deny(" + status + ", " + message + ")";
    }
}
