package dev.ringcast.core.auth;

/**
 * Decides whether a client may subscribe to, or publish on, the topics it names. Every transport
 * asks it once per request (an SSE stream, a WebSocket handshake or subscribe message, a poll, a
 * publish, a channel's registration) after checking the request's {@code Host} and
 * {@code Origin}, and answers a denial with the decision's status and message. It is asked before
 * the request subscribes, publishes or creates a channel, and before the connection limits count
 * it: a denied request creates no topic and receives no event.
 *
 * <p>Called on container threads, concurrently: implementations must be thread-safe and should
 * not block for long (a token check against a local cache, not a remote call per request).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Decides.
     *
     * @param request what the client asks for and how it identified itself
     * @return allow or deny; never null
     */
    Decision authorize(AccessRequest request);

    /**
     * The authorizer that allows everything: the default, for development and trusted networks.
     * Always the same instance, so a server can tell that it runs without authorization.
     *
     * @return it
     */
    static Authorizer permitAll() {
        return PermitAll.INSTANCE;
    }
}

/** The one permit-all authorizer. */
enum PermitAll implements Authorizer {
    /** The instance. */
    INSTANCE;

    @Override
    public Decision authorize(AccessRequest request) {
        return Decision.allow();
    }
}
