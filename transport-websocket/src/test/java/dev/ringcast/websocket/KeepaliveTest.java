package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.ContainerKind;
import java.io.OutputStream;
import java.net.Socket;
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

    /**
     * A half-open connection: the handshake completes, then the client never reads again (no pong,
     * no close; its socket stays open, as when the peer vanished without a FIN). Its sends stall
     * and its pings go unanswered: the keepalive closes it and releases its subscription within a
     * bounded number of ping intervals (100 ms here, 500 ms dead-peer timeout).
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aConnectionWhosePeerStoppedReadingIsReleasedWithinBoundedPings(ContainerKind kind) throws Exception {
        try (Fixture fixture = Fixture.start(kind); Socket vanished = new Socket("127.0.0.1", fixture.server.port())) {
            vanished.setReceiveBufferSize(64 * 1024);
            OutputStream out = vanished.getOutputStream();
            out.write(("GET /ws-fast?topic=vanished HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Fixture.await(() -> fixture.hub.subscriptionCount() == 1, "the connection to subscribe");
            String data = "\"" + "x".repeat(200 * 1024) + "\"";
            for (int i = 0; i < 64; i++) {
                fixture.hub.publishJson("vanished", "big", data);
            }
            long published = System.nanoTime();
            fixture.awaitNoSubscriptions();
            long intervals = (System.nanoTime() - published) / java.time.Duration.ofMillis(100).toNanos();
            System.out.printf("%s: the half-open connection was released %d ping intervals after the last publish%n",
                    kind, intervals);
            assertTrue(intervals <= 100, "released within a bounded number of ping intervals: " + intervals);
        }
    }
}
