package dev.ringcast.core.auth;

/**
 * A {@link TokenVerifier}'s refusal of a token: unknown, malformed, badly signed, expired, or
 * missing what the server requires. The {@link TokenAuthorizer} answers it with 401 and this
 * exception's message, so the message must tell the client what is wrong and what to do, and
 * must reveal nothing secret (no key, no expected signature).
 *
 * <p>Any other exception a verifier throws is a failure of the server (answered 500, logged).
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean recognized;

    /**
     * A token the verifier recognizes as its kind (a JWT, say) but refuses.
     *
     * @param message what is wrong and how to fix it; sent to the client
     */
    public InvalidTokenException(String message) {
        this(message, true);
    }

    /**
     * @param message what is wrong and how to fix it; sent to the client
     * @param recognized whether the token is of the verifier's kind; false for "not one of mine",
     *     so that {@link TokenVerifier#anyOf} reports another verifier's more telling refusal
     */
    public InvalidTokenException(String message, boolean recognized) {
        super(message, null, false, false);
        this.recognized = recognized;
    }

    /** @return whether the verifier recognized the token as its kind before refusing it */
    public boolean recognized() {
        return recognized;
    }
}
