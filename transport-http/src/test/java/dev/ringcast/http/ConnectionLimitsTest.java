package dev.ringcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.LimitExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admission counters the three transports share: per principal, per address, in total. */
class ConnectionLimitsTest {

    private final ConnectionLimits limits = ConnectionLimits.builder().maxConnections(5).maxPerPrincipal(2)
            .maxPerAddress(3).retryAfter(Duration.ofSeconds(7)).build();

    @Test
    void aPrincipalPastItsLimitIsA429SayingSoWithTheWait() {
        limits.admit("alice", "10.0.0.1");
        limits.admit("alice", "10.0.0.2");
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> limits.admit("alice", "10.0.0.3"));
        assertEquals(429, e.status());
        assertEquals(7, e.retryAfterSeconds());
        assertTrue(e.getMessage().startsWith("you have 2 connections open, the most one client may"), e.getMessage());
        limits.admit("bob", "10.0.0.3"); // another principal is not affected
        assertEquals(3, limits.open());
    }

    @Test
    void anonymousClientsCountUnderTheirAddressAndEveryClientUnderItsAddress() {
        limits.admit(null, "10.0.0.1");
        limits.admit(null, "10.0.0.1");
        LimitExceededException anonymous = assertThrows(LimitExceededException.class, () -> limits.admit(null, "10.0.0.1"));
        assertTrue(anonymous.getMessage().startsWith("your address has 2 connections open"), anonymous.getMessage());
        limits.admit("carol", "10.0.0.1"); // a principal behind the same address: the address's third
        LimitExceededException address = assertThrows(LimitExceededException.class, () -> limits.admit("dave", "10.0.0.1"));
        assertEquals(429, address.status());
        assertTrue(address.getMessage().startsWith("your address has 3 connections open, the most one address may"),
                address.getMessage());
        assertEquals(3, limits.open(), "a refusal takes no place");
    }

    @Test
    void theServerPastItsTotalIsA503AndAReleaseMakesRoomOnce() {
        List<ConnectionLimits.Admission> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(limits.admit("p" + i, "10.0.0." + i));
        }
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> limits.admit("q", "10.0.1.1"));
        assertEquals(503, e.status());
        assertThrows(LimitExceededException.class, () -> limits.check("q", "10.0.1.1"));
        held.get(0).release();
        held.get(0).release(); // twice is harmless
        assertEquals(4, limits.open());
        limits.check("q", "10.0.1.1");
        assertEquals(4, limits.open(), "check admits nothing");
        limits.admit("q", "10.0.1.1");
        assertThrows(LimitExceededException.class, () -> limits.admit("r", "10.0.1.2"));
    }

    @Test
    void anUnknownAddressIsNotCountedPerAddress() {
        for (int i = 0; i < 5; i++) {
            limits.admit(null, "unknown");
        }
        assertEquals(0, limits.openFor(null, "unknown"));
        assertThrows(LimitExceededException.class, () -> limits.admit(null, "unknown"), "the total still holds");
    }

    @Test
    void concurrentAdmissionsNeverPassTheLimitAndReleasesBringItBackToZero() throws Exception {
        ConnectionLimits shared = ConnectionLimits.builder().maxConnections(1000).maxPerPrincipal(50).build();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                admitted.add(threads.submit(() -> {
                    List<ConnectionLimits.Admission> mine = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        try {
                            mine.add(shared.admit("same", "10.0.0.1"));
                        } catch (LimitExceededException e) {
                            // past the limit
                        }
                    }
                    int n = mine.size();
                    Thread.sleep(20);
                    mine.forEach(ConnectionLimits.Admission::release);
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get(10, TimeUnit.SECONDS);
            }
            assertTrue(total >= 50, "at least the limit was admitted: " + total);
            assertEquals(0, shared.open());
            assertEquals(0, shared.openFor("same", "10.0.0.1"));
        } finally {
            threads.shutdownNow();
        }
    }
}
