package dev.ringcast.examples.iot;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import java.util.Locale;
import java.util.Optional;

/**
 * Identifies the client by its API key, {@code Authorization: Bearer <key>}: the channel belongs
 * to the key ({@link Decision#allowAs}), so each key has its own channel and another key's is
 * simply not there. Browsers, which cannot set that header on a WebSocket, pass the key as a
 * subprotocol; {@link BrowserKeyProtocol} turns it into the header before this runs. Without a
 * key the answer is 401.
 *
 * <p>The example accepts any key; a real service would look it up in its accounts. Stateless;
 * thread-safe.
 */
public final class ApiKeyAuthorizer implements Authorizer {

    private static final int MAX_KEY_LENGTH = 512;

    @Override
    public Decision authorize(AccessRequest request) {
        Optional<String> key = request.header("Authorization").flatMap(ApiKeyAuthorizer::bearer);
        if (key.isEmpty()) {
            return Decision.deny(401, "no API key: send Authorization: Bearer <your API key>"
                    + (request.transport().equals("websocket")
                    ? " (browsers: new WebSocket(url, ['wss', 'pelion_' + apiKey]))" : ""));
        }
        return Decision.allowAs(key.get());
    }

    /**
     * @param authorization an {@code Authorization} header
     * @return its bearer key, if it is one
     */
    static Optional<String> bearer(String authorization) {
        String value = authorization.trim();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String key = value.substring(7).trim();
        return key.isEmpty() || key.length() > MAX_KEY_LENGTH ? Optional.empty() : Optional.of(key);
    }
}
