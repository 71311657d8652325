package dev.ringcast.websocket.internal;

import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Session;

/**
 * What an endpoint does with a handshake: decide, from the handshake, what the connection reads
 * (or why it is refused), and open the connection. Called on container threads, from
 * {@code Endpoint.onOpen} and, before the upgrade, from the handshake filter; implementations are
 * immutable and shared by every session.
 */
public interface SessionOpener {

    /**
     * Opens a connection, or refuses it (a refused one closes itself).
     *
     * @param session the new session
     * @return its connection
     */
    Connection open(Session session);

    /**
     * Decides on a handshake without opening anything, as {@link #open} would: for a refusal
     * before the upgrade. The authorizer is asked.
     *
     * @param handshake the handshake
     * @return acceptance, or the refusal {@link #open} would give
     */
    Handshake.Verdict<?> check(Handshake handshake);

    /** @return the endpoint's settings */
    WebSocketSettings settings();

    /** @return how many of the endpoint's connections are open now */
    int openConnections();
}
