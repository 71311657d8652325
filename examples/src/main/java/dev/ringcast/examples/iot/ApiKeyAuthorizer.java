package dev.ringcast.examples.iot;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.websocket.RingcastWebSocket;
import java.util.Optional;

/**
 * Identifies the client by its API key, which owns its channel: each key has its own channel and
 * another key's is simply not there. The key comes as {@code Authorization: Bearer <key>} (the
 * library's channels take the owner from that header themselves), or, from a browser, which
 * cannot set that header on a WebSocket, as the subprotocol {@code pelion_<key>} offered beside
 * {@code wss}: {@code new WebSocket(url, ['wss', 'pelion_' + apiKey])}; the owner is then named
 * with {@link Decision#allowAs}. Without either the answer is 401.
 *
 * <p>The example accepts any key; a real service would look it up in its accounts. Stateless;
 * thread-safe.
 */
public final class ApiKeyAuthorizer implements Authorizer {

    /** The subprotocol the server selects when a browser offers its key. */
    public static final String SUBPROTOCOL = "wss";

    /** The prefix of the subprotocol that carries a browser's key. */
    public static final String KEY_PREFIX = "pelion_";

    private static final int MAX_KEY_LENGTH = 512;

    @Override
    public Decision authorize(AccessRequest request) {
        Optional<String> browserKey = RingcastWebSocket.requestedSubprotocols(request).stream()
                .filter(p -> p.startsWith(KEY_PREFIX) && p.length() > KEY_PREFIX.length()
                        && p.length() <= KEY_PREFIX.length() + MAX_KEY_LENGTH)
                .map(p -> p.substring(KEY_PREFIX.length()))
                .findFirst();
        if (browserKey.isPresent()) {
            return Decision.allowAs(browserKey.get());
        }
        if (request.header("Authorization").isPresent()) {
            return Decision.allow(); // the channels name the owner from the Bearer key (401 if it is not one)
        }
        return Decision.deny(401, "no API key: send Authorization: Bearer <your API key>"
                + (request.transport().equals("websocket")
                ? " (browsers: new WebSocket(url, ['wss', 'pelion_' + apiKey]))" : ""));
    }
}
