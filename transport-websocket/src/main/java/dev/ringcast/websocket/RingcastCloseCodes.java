package dev.ringcast.websocket;

/**
 * Every close code a Ringcast endpoint sends, with what a client should do about it. Codes from
 * 4000 on are Ringcast's own (RFC 6455 leaves 4000-4999 to applications). The close reason is a
 * sentence for humans, at most 123 bytes as the protocol requires; when there is more to say, an
 * error frame with the whole message ({@link WebSocketFrames#error}) comes just before the close.
 *
 * <p>Constants only.
 */
public final class RingcastCloseCodes {

    /** 1000: the connection ended normally (the client closed it, and the server echoes). */
    public static final int NORMAL = 1000;

    /**
     * 1001: the server is going away: the event hub was closed or the application is stopping
     * (containers send 1001 themselves when they stop, and Jetty on its idle timeout). Reconnect
     * later and resume with the last ids.
     */
    public static final int GOING_AWAY = 1001;

    /**
     * 1008: the connection was refused when it opened: a malformed query parameter (topic,
     * {@code types}, {@code lastEventId}), too many topics, an authorizer's denial, an origin or
     * host the endpoint does not allow, or an unknown channel. An error frame with an HTTP-like
     * status (400, 401, 403, 404, 421) and the whole message precedes it. Do not retry unchanged.
     */
    public static final int POLICY_VIOLATION = 1008;

    /**
     * 1009: a message from the client was larger than the endpoint accepts
     * ({@link WebSocketSettings#maxInboundMessageBytes()}); sent by the container.
     */
    public static final int TOO_BIG = 1009;

    /**
     * 1013 (Try Again Later): a limit refused the connection when it opened, or while it read: the
     * server holds its most connections, the client (its principal or address) holds its most, or
     * the hub its most topics. An error frame with status 429 or 503, the whole message and
     * {@code retryAfter} (seconds) precedes it. Reconnect after that wait, with the last ids.
     */
    public static final int TRY_AGAIN_LATER = 1013;

    /** 1011: the server failed unexpectedly (a bug); reconnect and resume with the last ids. */
    public static final int SERVER_ERROR = 1011;

    /**
     * 4000: the keepalive found the peer dead: no pong (nor any message) within the dead-peer
     * timeout after a ping, or a send that made no progress for that long. Reconnect and resume.
     */
    public static final int KEEPALIVE_TIMEOUT = 4000;

    /**
     * 4001: a newer connection to the same channel replaced this one (a channel has one
     * connection at a time). Do not reconnect automatically: another client took over.
     */
    public static final int REPLACED = 4001;

    /** 4002: the channel was deleted (or expired while this connection was opening). Register it again first. */
    public static final int CHANNEL_GONE = 4002;

    /**
     * 4003: the connection fell further behind a topic than its backlog limit allows under
     * {@code BacklogPolicy.CLOSE}. Reconnect with the last ids to catch up.
     */
    public static final int BACKLOG_LIMIT = 4003;

    /**
     * 4004: the credentials the connection was opened with expired (the authorizer's decision
     * said until when, as {@code TokenAuthorizer}'s does). An error frame with status 401 says so
     * first. Get a fresh token and reconnect with your last ids ({@code lastEventId}): the
     * position is in the ids, never in the token, so nothing is lost.
     */
    public static final int CREDENTIALS_EXPIRED = 4004;

    private RingcastCloseCodes() {
    }
}
