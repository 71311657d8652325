package dev.ringcast.websocket.internal;

import jakarta.websocket.Session;

/**
 * What an endpoint does when a session opens: decide, from the handshake, what the connection
 * reads (or refuse it), and return the connection. Called on a container thread, from
 * {@code Endpoint.onOpen}; implementations are immutable and shared by every session.
 */
@FunctionalInterface
public interface SessionOpener {

    /**
     * @param session the new session
     * @return its connection, open or refused (a refused one closes itself)
     */
    Connection open(Session session);
}
