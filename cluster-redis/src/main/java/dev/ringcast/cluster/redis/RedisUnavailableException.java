package dev.ringcast.cluster.redis;

import dev.ringcast.core.LimitExceededException;

/**
 * Redis could not be reached, did not answer in time or refused a command, so the hub cannot
 * publish (or open a topic) now. It is a {@link LimitExceededException} with status 503: the
 * transports answer an HTTP publish with 503 and this message as its JSON {@code error}, and a
 * client may try again later. The message says whether the event was certainly not published
 * (Redis was unreachable, or refused it) or may have been (the connection failed while the append
 * was on its way: its id is unknown).
 *
 * <p>Immutable.
 */
public final class RedisUnavailableException extends LimitExceededException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what the caller should do
     * @param cause the client's error, or null
     */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, 503);
        if (cause != null) {
            initCause(cause);
        }
    }
}
