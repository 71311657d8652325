package dev.ringcast.websocket;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, during the WebSocket handshake, whether a page from {@code Origin} may open a
 * connection. Browsers send the page's origin with every WebSocket handshake and, unlike
 * {@code fetch}, do not apply CORS to WebSockets: this check is what stops another site's page
 * from opening a connection with the user's cookies (cross-site WebSocket hijacking). A refused
 * handshake gets HTTP 403 from the container and never reaches the hub.
 *
 * <p>Runs in {@code ServerEndpointConfig.Configurator.checkOrigin}, on container threads,
 * concurrently: implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface OriginCheck {

    /**
     * Decides.
     *
     * @param origin the {@code Origin} header, such as {@code https://app.example.com}; null when
     *     the client sent none (non-browser clients usually do not)
     * @return true to let the handshake continue
     */
    boolean allows(String origin);

    /**
     * Allows every origin: the default, as for the other transports' permissive defaults. Use
     * {@link #allowing(Collection)} as soon as clients authenticate with cookies or a container
     * session, which a hostile page's browser would send along.
     *
     * @return a check that allows everything
     */
    static OriginCheck any() {
        return origin -> true;
    }

    /**
     * Allows the given origins (compared case-insensitively, exactly: scheme, host and port) and
     * clients that send no {@code Origin} (non-browser clients, which hijacking cannot use).
     *
     * @param origins origins such as {@code https://app.example.com}, without a path
     * @return the check
     * @throws IllegalArgumentException if an origin is not {@code http(s)://host[:port]}
     */
    static OriginCheck allowing(Collection<String> origins) {
        for (String o : origins) {
            if (o == null || !(o.startsWith("http://") || o.startsWith("https://")) || o.endsWith("/")
                    || o.indexOf('/', o.indexOf("//") + 2) >= 0) {
                throw new IllegalArgumentException("origin \"" + o
                        + "\" is invalid: use scheme://host[:port] without a path, such as https://app.example.com");
            }
        }
        Set<String> allowed = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return origin -> origin == null || allowed.contains(origin.toLowerCase(Locale.ROOT));
    }
}
