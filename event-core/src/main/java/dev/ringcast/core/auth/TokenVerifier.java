package dev.ringcast.core.auth;

import java.util.List;

/**
 * Turns a bearer token into a {@link Grant}, or refuses it with an {@link InvalidTokenException}.
 * Shipped: {@link StaticTokenVerifier} (a table of tokens) and, in the optional module
 * {@code dev.ringcast:auth-jwt}, a JWT verifier (HS256, RS256).
 *
 * <p>Called on container threads, concurrently, for every request that carries a token:
 * implementations must be thread-safe and fast (local checks, no remote call per request).
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the token as the client sent it, non-empty
     * @return what it grants; never null. The verifier need not check the grant's expiry: the
     *     {@link TokenAuthorizer} does, with its clock
     * @throws InvalidTokenException if the token is not valid, with a message for the client
     */
    Grant verify(String token);

    /**
     * Tries verifiers in order: the first grant wins. If every one refuses, the refusal of the
     * first that recognized the token as its kind is thrown (say, the JWT verifier's "signature
     * does not verify" rather than the table's "unknown token"), else the first refusal.
     *
     * @param verifiers the verifiers, at least one
     * @return a verifier over them all
     */
    static TokenVerifier anyOf(List<TokenVerifier> verifiers) {
        List<TokenVerifier> all = List.copyOf(verifiers);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one verifier");
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return token -> {
            InvalidTokenException first = null;
            InvalidTokenException recognized = null;
            for (TokenVerifier v : all) {
                try {
                    Grant g = v.verify(token);
                    if (g == null) {
                        throw new IllegalStateException(v.getClass().getName() + ".verify returned null");
                    }
                    return g;
                } catch (InvalidTokenException e) {
                    if (first == null) {
                        first = e;
                    }
                    if (recognized == null && e.recognized()) {
                        recognized = e;
                    }
                }
            }
            throw recognized != null ? recognized : first;
        };
    }
}
