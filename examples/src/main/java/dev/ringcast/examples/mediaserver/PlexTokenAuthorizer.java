package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Admits clients that send one of the server's tokens as the {@code X-Plex-Token} header or
 * query parameter (browsers' {@code EventSource} and {@code WebSocket} cannot set headers). A
 * missing or unknown token is answered 401, on SSE and, before the upgrade, on the WebSocket.
 *
 * <p>Immutable; thread-safe.
 */
public final class PlexTokenAuthorizer implements Authorizer {

    /** The header, and query parameter, that carries the token. */
    public static final String TOKEN = "X-Plex-Token";

    private final List<byte[]> tokens;

    /**
     * @param tokens the tokens the server accepts
     */
    public PlexTokenAuthorizer(Set<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public Decision authorize(AccessRequest request) {
        Optional<String> token = request.header(TOKEN).or(() -> request.queryParameter(TOKEN));
        if (token.isEmpty() || token.get().isBlank()) {
            return Decision.deny(401, "no token: send it as the " + TOKEN + " header or query parameter");
        }
        byte[] sent = token.get().getBytes(StandardCharsets.UTF_8);
        // Compare in constant time, so response timing does not tell how much of a guess was right.
        boolean known = false;
        for (byte[] t : tokens) {
            known |= MessageDigest.isEqual(t, sent);
        }
        return known ? Decision.allow()
                : Decision.deny(401, "the " + TOKEN + " is not accepted: use the token the server printed at startup");
    }
}
