package dev.ringcast.core.auth;

import java.util.Optional;

/**
 * Reads a cookie from a {@code Cookie} request header ({@code name=value; other=value}, RFC 6265
 * section 4.2), for transports that only have the raw header. Stateless; any thread.
 */
public final class Cookies {

    private Cookies() {
    }

    /**
     * @param header a {@code Cookie} header's value, may be null
     * @param name the cookie's name, case-sensitive
     * @return the first value of that cookie, without surrounding double quotes
     */
    public static Optional<String> find(String header, String name) {
        if (header == null || name == null || name.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
