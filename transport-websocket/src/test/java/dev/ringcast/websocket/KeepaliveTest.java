package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.ContainerKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The keepalive against a peer that never answers pings, in every container: the server pings,
 * then closes with 4000 and cancels the subscription. (The live side, a client that answers and
 * stays connected, is in {@link WebSocketEndpointTest}; the rule itself in
 * {@code internal.KeepaliveRuleTest}.)
 */
@Timeout(60)
class KeepaliveTest {

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void closesWith4000AndCancelsTheSubscriptionWhenPingsGoUnanswered(ContainerKind kind) throws Exception {
        try (Fixture fixture = Fixture.start(kind);
             SilentPeer peer = new SilentPeer(fixture.server.port(), "/ws-fast?topic=silent")) {
            SilentPeer.Frame subscribed = peer.next();
            assertEquals(SilentPeer.Frame.TEXT, subscribed.opcode());
            assertTrue(new String(subscribed.payload(), StandardCharsets.UTF_8).contains("\"subscribed\""));
            assertEquals(1, fixture.hub.subscriptionCount());

            int pings = 0;
            SilentPeer.Frame close = null;
            for (SilentPeer.Frame f = peer.next(); f != null; f = peer.next()) {
                if (f.opcode() == SilentPeer.Frame.PING) {
                    pings++;
                } else if (f.opcode() == SilentPeer.Frame.CLOSE) {
                    close = f;
                    break;
                }
            }
            assertTrue(pings >= 1, "the server pinged");
            assertTrue(close != null, "the server sent a close frame");
            assertEquals(RingcastCloseCodes.KEEPALIVE_TIMEOUT, close.closeCode());
            String reason = new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8);
            assertTrue(reason.startsWith("no pong within 500 ms"), reason);
            fixture.awaitNoSubscriptions();
        }
    }
}
