package dev.ringcast.core;

/**
 * A request the hub refuses because one of its limits is reached (the number of topics, say),
 * not because the request is wrong: it may succeed later. The message says which limit and how
 * to raise it; {@link #status()} is the HTTP status a transport answers with ({@code 503} for a
 * limit of the whole server, {@code 429} for one of a single client).
 *
 * <p>Immutable.
 */
public class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message which limit is reached and what to do
     * @param status 429 or 503
     */
    public LimitExceededException(String message, int status) {
        super(message);
        if (status != 429 && status != 503) {
            throw new IllegalArgumentException("status " + status + " is invalid for a limit: use 429 or 503");
        }
        this.status = status;
    }

    /** @return the HTTP status to answer with: 429 (a client's limit) or 503 (the server's) */
    public int status() {
        return status;
    }
}
