package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringcast.websocket.internal.Keepalive.Verdict;
import org.junit.jupiter.api.Test;

/** The dead-peer rule with a fake clock (nanoseconds; the timeout is 100). */
class KeepaliveRuleTest {

    private static final long T0 = -5_000; // nanoTime may be negative

    private final Keepalive keepalive = new Keepalive(100, T0);

    @Test
    void pingsAnIdleConnectionAndWaitsForTheAnswer() {
        assertEquals(Verdict.PING, keepalive.tick(T0 + 1000, false, 0));
        keepalive.pinged(T0 + 1000);
        assertEquals(Verdict.WAIT, keepalive.tick(T0 + 1050, false, 0), "within the timeout");
    }

    @Test
    void aPongOrAnyMessageAfterThePingKeepsThePeerAlive() {
        keepalive.pinged(T0 + 1000);
        keepalive.heard(T0 + 1020);
        assertEquals(Verdict.PING, keepalive.tick(T0 + 2000, false, 0));
    }

    @Test
    void declaresThePeerDeadWhenThePingGoesUnansweredForTheTimeout() {
        keepalive.pinged(T0 + 1000);
        assertEquals(Verdict.DEAD_NO_PONG, keepalive.tick(T0 + 1100, false, 0));
    }

    @Test
    void somethingHeardBeforeThePingDoesNotCount() {
        keepalive.heard(T0 + 990);
        keepalive.pinged(T0 + 1000);
        assertEquals(Verdict.DEAD_NO_PONG, keepalive.tick(T0 + 1200, false, 0));
    }

    @Test
    void doesNotPingWhileASendIsInFlightButDeclaresAStalledSendDead() {
        assertEquals(Verdict.WAIT, keepalive.tick(T0 + 1000, true, T0 + 950));
        assertEquals(Verdict.DEAD_STALLED, keepalive.tick(T0 + 1100, true, T0 + 950));
    }
}
