package dev.ringcast.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A request the hub refuses because one of its limits is reached (the number of topics, say),
 * not because the request is wrong: it may succeed later. The message says which limit and how
 * to raise it; {@link #status()} is the HTTP status a transport answers with ({@code 503} for a
 * limit of the whole server, {@code 429} for one of a single client), and {@link #retryAfter()}
 * how long the client should wait before it tries again (the transports send it as
 * {@code Retry-After}).
 *
 * <p>Immutable.
 */
public class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The wait suggested for a client's own limit (429) when none is given: 1 second. */
    public static final Duration DEFAULT_CLIENT_RETRY = Duration.ofSeconds(1);

    /** The wait suggested for a limit of the whole server (503) when none is given: 5 seconds. */
    public static final Duration DEFAULT_SERVER_RETRY = Duration.ofSeconds(5);

    private final int status;
    private final Duration retryAfter;

    /**
     * A refusal with the default wait for its status ({@link #DEFAULT_CLIENT_RETRY} or {@link #DEFAULT_SERVER_RETRY}).
     *
     * @param message which limit is reached and what to do
     * @param status 429 or 503
     */
    public LimitExceededException(String message, int status) {
        this(message, status, status == 429 ? DEFAULT_CLIENT_RETRY : DEFAULT_SERVER_RETRY);
    }

    /**
     * @param message which limit is reached and what to do
     * @param status 429 or 503
     * @param retryAfter how long the client should wait before trying again, at least 1 second
     *     once rounded up to whole seconds
     */
    public LimitExceededException(String message, int status, Duration retryAfter) {
        super(message);
        if (status != 429 && status != 503) {
            throw new IllegalArgumentException("status " + status + " is invalid for a limit: use 429 or 503");
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry after " + retryAfter + " is negative");
        }
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status to answer with: 429 (a client's limit) or 503 (the server's) */
    public int status() {
        return status;
    }

    /** @return how long the client should wait before trying again */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1: the value of a {@code Retry-After} header */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
