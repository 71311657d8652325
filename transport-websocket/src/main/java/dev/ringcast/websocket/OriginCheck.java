package dev.ringcast.websocket;

import dev.ringcast.http.Origins;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, during the WebSocket handshake, whether a page from {@code Origin} may open a
 * connection. Browsers send the page's origin with every WebSocket handshake and, unlike
 * {@code fetch}, do not apply CORS to WebSockets: this check is what stops another site's page
 * from opening a connection with the user's cookies or its network position (cross-site
 * WebSocket hijacking). A handshake without {@code Origin} (a non-browser client, which
 * hijacking cannot use) is allowed by every check but a custom one.
 *
 * <ul>
 *   <li>{@link #sameOrigin()}, the default: only pages of the handshake's own origin (its scheme
 *       and {@code Host}, compared as {@link Origins#isSameOrigin(String, String, String)} does).
 *       The {@code Host} comes from the client: pair it with the endpoint's allowed hosts
 *       ({@link WebSocketSettings.Builder#allowedHosts}) to defeat DNS rebinding.</li>
 *   <li>{@link #sameOriginOr(Collection)}: those origins too, e.g. the site that serves the pages.</li>
 *   <li>{@link #allowing(Collection)}: exactly those origins, not even the endpoint's own.</li>
 *   <li>{@link #any()}: every origin; only for endpoints whose clients authenticate with something
 *       a hostile page cannot send (a token it does not have), never with cookies.</li>
 * </ul>
 * A check that depends on the handshake's own origin is decided when the handshake's headers are
 * known: by {@link HandshakeFilter} before the upgrade (403), otherwise when the connection opens
 * (an error frame 403, then close 1008), before anything is read. A check that does not (an
 * explicit list) is also applied by the container itself, which answers 403.
 *
 * <p>Implementations are called on container threads, concurrently: they must be thread-safe
 * and fast.
 */
@FunctionalInterface
public interface OriginCheck {

    /**
     * Decides on an origin, whatever the handshake's own origin is.
     *
     * @param origin the {@code Origin} header, such as {@code https://app.example.com}; null when
     *     the client sent none (non-browser clients usually do not)
     * @return true to let the handshake continue
     */
    boolean allows(String origin);

    /** @return whether pages of the handshake's own origin are allowed too; false unless built so */
    default boolean allowsSameOrigin() {
        return false;
    }

    /**
     * Decides on a handshake: {@link #allows(String)}, or a page of the handshake's own origin
     * if {@link #allowsSameOrigin()}.
     *
     * @param origin the {@code Origin} header, or null
     * @param scheme the handshake's scheme: {@code http} or {@code https} (or {@code ws}, {@code wss})
     * @param host the handshake's {@code Host}, or null if unknown
     * @return true to let the handshake continue
     */
    default boolean allows(String origin, String scheme, String host) {
        return allows(origin) || (allowsSameOrigin() && Origins.isSameOrigin(origin, scheme, host));
    }

    /**
     * Allows every origin. Use it only where clients authenticate with a token a hostile page
     * cannot have, never with cookies or a container session, which its browser would send along.
     *
     * @return a check that allows everything
     */
    static OriginCheck any() {
        return origin -> true;
    }

    /**
     * Allows pages of the handshake's own origin, and clients that send no {@code Origin}: the default.
     *
     * @return the check
     */
    static OriginCheck sameOrigin() {
        return sameOriginOr(Set.of());
    }

    /**
     * Allows pages of the handshake's own origin, the given origins, and clients that send no {@code Origin}.
     *
     * @param origins origins such as {@code https://app.example.com}, without a path
     * @return the check
     * @throws IllegalArgumentException if an origin is not {@code http(s)://host[:port]}
     */
    static OriginCheck sameOriginOr(Collection<String> origins) {
        OriginCheck listed = allowing(origins);
        return new OriginCheck() {
            @Override
            public boolean allows(String origin) {
                return listed.allows(origin);
            }

            @Override
            public boolean allowsSameOrigin() {
                return true;
            }
        };
    }

    /**
     * Allows exactly the given origins (scheme, host and port; case and default ports
     * normalized) and clients that send no {@code Origin}: not the endpoint's own origin unless listed.
     *
     * @param origins origins such as {@code https://app.example.com}, without a path
     * @return the check
     * @throws IllegalArgumentException if an origin is not {@code http(s)://host[:port]}
     */
    static OriginCheck allowing(Collection<String> origins) {
        for (String o : origins) {
            if (o == null || o.endsWith("/")) {
                throw new IllegalArgumentException("origin \"" + o
                        + "\" is invalid: use scheme://host[:port] without a path, such as https://app.example.com");
            }
        }
        Set<String> allowed = origins.stream().map(Origins::normalize).collect(Collectors.toUnmodifiableSet());
        return origin -> origin == null || Origins.parse(origin).map(o -> allowed.contains(o.toString())).orElse(false);
    }
}
