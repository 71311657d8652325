package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry on its own, with a clock the test moves. */
class ChannelRegistryTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final EventHub hub = EventHub.builder().topic("small", c -> c.withRingCapacity(8)).build();
    private final ChannelRegistry registry = ChannelRegistry.builder(hub).channelExpiry(Duration.ofHours(24))
            .sweepInterval(Duration.ofHours(1)).maxChannelsPerOwner(2).maxTopics(3).clock(clock).build();

    @AfterEach
    void close() {
        registry.close();
        hub.close();
    }

    @Test
    void aNewTopicStartsAtItsHeadSoThatLaterEventsWaitForTheChannel() {
        hub.publish("orders", "e", "before registration");
        ChannelInfo created = registry.register("alice", "alerts", List.of("orders"));
        assertEquals(hub.window("orders").headId(), created.lastEventIds().get("orders"));
        assertEquals(0, created.queuedEvents());
        assertFalse(created.connected());
        assertEquals(Instant.ofEpochMilli(now.get()), created.idleSince());
        assertEquals(Instant.ofEpochMilli(now.get()).plus(Duration.ofHours(24)), created.expiresAt());

        hub.publish("orders", "e", 1);
        hub.publish("orders", "e", 2);
        assertEquals(2, registry.get("alice", "alerts").orElseThrow().queuedEvents());
    }

    @Test
    void reRegisteringKeepsTheCursorsOfTopicsThatStayAndDropsTheOthers() {
        registry.register("alice", "alerts", List.of("a", "b"));
        long cursorA = registry.get("alice", "alerts").orElseThrow().lastEventIds().get("a");
        hub.publish("a", "e", 1);
        ChannelInfo updated = registry.register("alice", "alerts", List.of("c", "a"));
        assertEquals(List.of("c", "a"), updated.topics());
        assertEquals(cursorA, updated.lastEventIds().get("a"));
        assertNull(updated.lastEventIds().get("b"));
        assertEquals(1, updated.queuedEvents());
    }

    @Test
    void channelsArePerOwnerAndAnotherOwnerSeesNothing() {
        registry.register("alice", "alerts", List.of("a"));
        assertEquals(Optional.empty(), registry.get("bob", "alerts"));
        assertFalse(registry.delete("bob", "alerts"));
        assertEquals(List.of(), registry.list("bob"));
        registry.register("bob", "alerts", List.of("b"));
        assertEquals(List.of("a"), registry.get("alice", "alerts").orElseThrow().topics());
        assertEquals(List.of("b"), registry.get("bob", "alerts").orElseThrow().topics());
    }

    @Test
    void aChannelWithoutAConnectionExpiresAfterThePeriodWithItsCursors() {
        registry.register("alice", "alerts", List.of("a"));
        now.addAndGet(Duration.ofHours(24).toMillis() - 1);
        assertTrue(registry.get("alice", "alerts").isPresent());
        now.addAndGet(1);
        assertEquals(Optional.empty(), registry.get("alice", "alerts"), "gone at once, swept or not");
        assertEquals(0, registry.size(), "the lookup removed it");
        registry.register("alice", "other", List.of("a"));
        now.addAndGet(Duration.ofHours(24).toMillis());
        assertEquals(1, registry.expireIdle(), "what the sweeper runs");
        assertEquals(0, registry.size());
        ChannelInfo again = registry.register("alice", "alerts", List.of("a"));
        assertEquals(hub.window("a").headId(), again.lastEventIds().get("a"), "a fresh channel, with fresh cursors");
    }

    @Test
    void countsOnlyTheWaitingEventsTheRingStillHolds() {
        registry.register("alice", "alerts", List.of("small"));
        for (int i = 0; i < 20; i++) {
            hub.publish("small", "e", i);
        }
        assertEquals(8, registry.get("alice", "alerts").orElseThrow().queuedEvents());
    }

    @Test
    void enforcesItsLimitsWithMessagesThatSayWhatToDo() {
        registry.register("alice", "one", List.of());
        registry.register("alice", "two", List.of());
        assertEquals("you have 2 channels, the most allowed: delete one first",
                assertThrows(IllegalStateException.class, () -> registry.register("alice", "three", List.of())).getMessage());
        registry.register("alice", "two", List.of("x"));
        assertEquals("4 topics given, over the limit of 3 per channel: give fewer",
                assertThrows(IllegalArgumentException.class,
                        () -> registry.register("alice", "one", List.of("a", "b", "c", "d"))).getMessage());
        assertEquals("channel name \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]",
                assertThrows(IllegalArgumentException.class, () -> registry.register("alice", "a b", List.of())).getMessage());
        assertEquals("topic \"a/b\" is invalid: use 1-128 of [A-Za-z0-9._-]",
                assertThrows(IllegalArgumentException.class, () -> registry.register("alice", "one", List.of("a/b"))).getMessage());
        assertTrue(registry.delete("alice", "two"));
        registry.register("alice", "three", List.of());
    }

    @Test
    void closeStopsTheSweeperThreadAndRefusesFurtherUse() throws InterruptedException {
        assertTrue(expiryThreads() > 0);
        registry.close();
        Fixture.await(() -> expiryThreads() == 0, "the sweeper thread to end");
        assertThrows(IllegalStateException.class, () -> registry.register("alice", "x", List.of()));
    }

    private static long expiryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ringcast-channel-expiry") && t.isAlive()).count();
    }
}
