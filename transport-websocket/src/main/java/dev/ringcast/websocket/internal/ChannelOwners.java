package dev.ringcast.websocket.internal;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;

/**
 * Who owns the channels a request touches: the principal the authorizer named
 * ({@code Decision.allowAs}), else the container's authenticated principal, else the API key of
 * an {@code Authorization: Bearer <key>} header. Shared by the REST servlet and the channel
 * endpoint so that both see the same owner.
 *
 * <p>Stateless; any thread.
 */
public final class ChannelOwners {

    /** The message of a request that names no owner. */
    public static final String MISSING = "channels belong to a client: send Authorization: Bearer <your API key>";

    private static final int MAX_KEY_LENGTH = 4096;

    private ChannelOwners() {
    }

    /**
     * @param decision the authorizer's decision, allowed
     * @param request the request it decided on
     * @return the owner's name, if the request names one
     */
    public static Optional<String> owner(Decision decision, AccessRequest request) {
        if (decision.principalName().isPresent()) {
            return decision.principalName();
        }
        Optional<String> principal = request.principal().map(Principal::getName).filter(n -> !n.isEmpty());
        if (principal.isPresent()) {
            return principal;
        }
        return request.header("Authorization").flatMap(ChannelOwners::bearer);
    }

    static Optional<String> bearer(String authorization) {
        String value = authorization.trim();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String key = value.substring(7).trim();
        return key.isEmpty() || key.length() > MAX_KEY_LENGTH ? Optional.empty() : Optional.of(key);
    }
}
