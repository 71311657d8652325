package dev.ringcast.websocket;

import dev.ringcast.websocket.internal.Connection;
import dev.ringcast.websocket.internal.SessionOpener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The JSR-356 endpoint of one Ringcast WebSocket connection. Instances are made by the
 * configurator of a {@link RingcastWebSocket} endpoint config, one per connection, bound to
 * their hub (or channel registry); register the config, not this class.
 *
 * <p>The container calls it: {@link #onOpen} once, then {@link #onError} and {@link #onClose}
 * as the session ends. Closing, for whatever reason, cancels the connection's subscription at once.
 */
public final class RingcastEndpoint extends Endpoint {

    private final SessionOpener opener;
    // A container may report the end (onClose, onError) while onOpen still runs: whichever of the
    // two sees the other's write ends the connection. Both are volatile, so one of them does.
    private volatile Connection connection;
    private volatile boolean closed;

    RingcastEndpoint(SessionOpener opener) {
        this.opener = opener;
    }

    /**
     * Reads the handshake's query (or the channel's cursors), subscribes and starts the
     * keepalive; or refuses the connection (error frame, then close 1008).
     *
     * @param session the new session
     * @param config the endpoint's config
     */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Connection c = opener.open(session);
        connection = c;
        if (closed) {
            c.ended();
        }
    }

    /**
     * Ends the connection: cancels its subscription and keepalive.
     *
     * @param session the session
     * @param reason why it closed
     */
    @Override
    public void onClose(Session session, CloseReason reason) {
        closed = true;
        Connection c = connection;
        if (c != null) {
            c.ended();
        }
    }

    /**
     * Ends the connection on an I/O or protocol error, which the container reports and closes the
     * session for (with 1009 for an over-size message, for example).
     *
     * @param session the session
     * @param error what went wrong
     */
    @Override
    public void onError(Session session, Throwable error) {
        // The container closes the session itself (Undertow calls this before its own 1009 close):
        // closing here would race it. Ringcast's own failures close with 1011 where they happen.
        closed = true;
        Connection c = connection;
        if (c != null) {
            c.ended();
        }
    }
}
