package dev.ringcast.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * Web origins ({@code scheme://host[:port]}, RFC 6454) as the transports compare them: the
 * {@code Origin} a browser sends, the origins a server allows, and a request's own origin.
 * Scheme and host are compared case-insensitively and a default port ({@code :80} for
 * {@code http}, {@code :443} for {@code https}) equals no port, so
 * {@code HTTP://Example.com:80} is {@code http://example.com}. The opaque origin {@code null}
 * (sandboxed frames, {@code file:} pages, some redirects) is never same-origin with anything.
 *
 * <p>Stateless; any thread.
 */
public final class Origins {

    /**
     * An origin, normalized: lower-case scheme and host, the port always explicit.
     *
     * @param scheme {@code http} or {@code https}
     * @param host the host, lower case; an IPv6 address in brackets
     * @param port the port
     */
    public record Origin(String scheme, String host, int port) {

        /** @return {@code scheme://host[:port]}, the port left out when it is the scheme's default */
        @Override
        public String toString() {
            return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
        }
    }

    private Origins() {
    }

    /**
     * Reads an origin.
     *
     * @param origin such as {@code https://app.example.com} or {@code http://127.0.0.1:8080}
     * @return it, normalized; empty if it is not an {@code http(s)://host[:port]} origin (a path,
     *     user info, a query, {@code null}, another scheme)
     */
    public static Optional<Origin> parse(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        int sep = origin.indexOf("://");
        if (sep <= 0) {
            return Optional.empty();
        }
        String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        return hostAndPort(origin.substring(sep + 3), defaultPort(scheme))
                .map(hp -> new Origin(scheme, hp.host(), hp.port()));
    }

    /**
     * Normalizes an origin for an allow-list.
     *
     * @param origin such as {@code https://app.example.com}
     * @return it, normalized ({@link Origin#toString()})
     * @throws IllegalArgumentException if it is not {@code http(s)://host[:port]} without a path
     */
    public static String normalize(String origin) {
        return parse(origin).map(Origin::toString).orElseThrow(() -> new IllegalArgumentException("origin \"" + origin
                + "\" is invalid: use scheme://host[:port] without a path, such as https://app.example.com"));
    }

    /**
     * @param origin the {@code Origin} a request carries
     * @param scheme the request's scheme, {@code http} or {@code https} (for a WebSocket handshake,
     *     the scheme of the connection it upgrades)
     * @param host the request's {@code Host}, {@code host[:port]}
     * @return whether the page that sent it has the request's own origin
     */
    public static boolean isSameOrigin(String origin, String scheme, String host) {
        Optional<Origin> page = parse(origin);
        if (page.isEmpty() || scheme == null || host == null) {
            return false;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        s = s.equals("wss") ? "https" : s.equals("ws") ? "http" : s;
        Optional<HostAndPort> self = hostAndPort(host, defaultPort(s));
        return self.isPresent() && page.get().equals(new Origin(s, self.get().host(), self.get().port()));
    }

    /**
     * @param origin the {@code Origin} a request carries
     * @param request the request
     * @return whether the page that sent it has the request's own origin: its scheme and the
     *     host it names ({@link #requestHost(HttpServletRequest)})
     */
    public static boolean isSameOrigin(String origin, HttpServletRequest request) {
        return isSameOrigin(origin, request.getScheme(), requestHost(request));
    }

    /**
     * The host a request names: its {@code Host} header, or for a request without one (HTTP/2
     * sends {@code :authority}, which containers expose through the server name and port) the
     * server name and port the container derived.
     *
     * @param request the request
     * @return {@code host[:port]}
     */
    public static String requestHost(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        String name = request.getServerName();
        if (name != null && name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return name + ":" + request.getServerPort();
    }

    /** A host and its port, normalized. */
    record HostAndPort(String host, int port, boolean portGiven) {
        HostAndPort(String host, int port) {
            this(host, port, true);
        }
    }

    /**
     * @param authority {@code host[:port]}, an IPv6 host in brackets
     * @param defaultPort the port when none is given, or -1
     * @return it, host lower-cased; empty if malformed (a path, user info, a bad port, a bad character)
     */
    static Optional<HostAndPort> hostAndPort(String authority, int defaultPort) {
        if (authority == null || authority.isEmpty()) {
            return Optional.empty();
        }
        String a = authority.toLowerCase(Locale.ROOT);
        String host;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = a.substring(0, close + 1);
            String rest = a.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
            if (!host.substring(1, host.length() - 1).matches("[0-9a-f:.]+")) {
                return Optional.empty();
            }
        } else {
            int colon = a.indexOf(':');
            host = colon < 0 ? a : a.substring(0, colon);
            port = colon < 0 ? null : a.substring(colon + 1);
            if (!host.matches("[a-z0-9._~!$&'()*+,;=%-]+")) {
                return Optional.empty();
            }
        }
        if (port == null) {
            return Optional.of(new HostAndPort(host, defaultPort, false));
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new HostAndPort(host, Integer.parseInt(port), true));
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }
}
