package dev.ringcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.LimitExceededException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client token bucket of publishes, on a clock the test moves. */
class PublishRateLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PublishRateLimit limit = PublishRateLimit.of(10, 5, now::get);

    @Test
    void aClientMayBurstThenPublishAtTheRateAndIsTold429WithTheWaitInBetween() {
        for (int i = 0; i < 5; i++) {
            limit.acquire("alice", "10.0.0.1");
        }
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> limit.acquire("alice", "10.0.0.1"));
        assertEquals(429, e.status());
        assertEquals(100, e.retryAfter().toMillis(), "one token at 10 per second");
        assertEquals(1, e.retryAfterSeconds(), "Retry-After is whole seconds, at least 1");
        assertTrue(e.getMessage().startsWith("you publish faster than the 10 events per second (bursts of 5)"), e.getMessage());
        now.addAndGet(100_000_000L);
        limit.acquire("alice", "10.0.0.1");
        assertThrows(LimitExceededException.class, () -> limit.acquire("alice", "10.0.0.1"));
    }

    @Test
    void clientsHaveTheirOwnBucketsAndAnonymousOnesAreTheirAddress() {
        for (int i = 0; i < 5; i++) {
            limit.acquire(null, "10.0.0.1");
        }
        assertThrows(LimitExceededException.class, () -> limit.acquire(null, "10.0.0.1"));
        limit.acquire(null, "10.0.0.2");
        limit.acquire("10.0.0.1", "10.0.0.1"); // a principal that happens to be named like the address
    }

    @Test
    void idleClientsBucketsAreDroppedOnceTheMapGrows() {
        for (int i = 0; i <= PublishRateLimit.SWEEP_SIZE; i++) {
            limit.acquire(null, "10.1." + (i >> 8) + "." + (i & 0xFF));
        }
        now.addAndGet(2_000_000_000L); // every bucket has refilled
        limit.acquire("active", "10.9.9.9");
        assertEquals(1, limit.clients(), "only the client that just published keeps a bucket");
    }

    @Test
    void unlimitedNeverRefuses() {
        for (int i = 0; i < 100_000; i++) {
            PublishRateLimit.unlimited().acquire(null, "10.0.0.1");
        }
        assertThrows(IllegalArgumentException.class, () -> PublishRateLimit.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> PublishRateLimit.of(1, 0));
    }
}
