package dev.ringcast.cluster.redis;

import static dev.ringcast.cluster.redis.Collector.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several nodes (hubs, each with its own connections) over one real redis-server: what a client
 * sees when it publishes on one node and reads on another, resumes elsewhere, and when Redis or
 * the path to it fails.
 */
class RedisClusterTest {

    private static RedisServer redis;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private static int topics;

    @BeforeAll
    static void startRedis() {
        // A subscriber that cannot keep up is disconnected at 256 KiB, so the slow-node tests are quick.
        redis = RedisServer.start("--client-output-buffer-limit", "pubsub 256kb 128kb 1");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    private Node node(String name) {
        return closing(Node.start(name, redis.uri()));
    }

    private static String topic() {
        return "cluster-" + (++topics) + "-" + Long.toHexString(System.nanoTime());
    }

    private static List<Long> publish(Node node, String topic, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(node.hub().publish(topic, "n", Map.of("i", i, "from", node.name())).id());
        }
        return ids;
    }

    private static Collector subscribe(Node node, String topic, Position from) {
        Collector c = new Collector();
        node.hub().subscribe(topic, from, c);
        return c;
    }

    @Test
    void anEventPublishedOnAnyNodeReachesSubscribersOnEveryNodeWithTheSameId() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        String t = topic();
        List<Collector> readers = List.of(subscribe(a, t, Position.live()), subscribe(b, t, Position.live()),
                subscribe(c, t, Position.live()));
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Node on = List.of(a, b, c).get(i % 3);
            published.add(on.hub().publish(t, "n", Map.of("i", i)).id());
        }
        for (Collector r : readers) {
            r.awaitEvents(30);
            assertEquals(published, r.ids(), "every node delivers every event, in id order, each once");
            assertEquals(List.of(), r.resets());
        }
        assertEquals("{\"i\":29}", readers.get(0).events().get(29).dataJson());
    }

    @Test
    void aClientResumesOnAnotherNodeAfterItsLastIdWithoutGapOrDuplicate() {
        Node a = node("a");
        Node b = node("b");
        String t = topic();
        Collector onA = subscribe(a, t, Position.live());
        List<Long> ids = publish(a, t, 300); // more than a node's ring (64) holds
        onA.awaitEvents(300);
        long lastSeen = ids.get(149);
        // Node c never had the topic open: all it returns comes from Redis, then its live ring.
        Node c = node("c");
        Collector resumed = subscribe(c, t, Position.after(lastSeen));
        resumed.awaitEvents(150);
        List<Long> more = publish(b, t, 20);
        resumed.awaitEvents(170);
        List<Long> expected = new ArrayList<>(ids.subList(150, 300));
        expected.addAll(more);
        assertEquals(expected, resumed.ids());
        assertEquals(List.of(), resumed.resets());
        assertEquals(1, c.redis().metrics().backfills(), "one read of the history");
    }

    @Test
    void concurrentResumesOfOneTopicOnOneNodeShareOneBackfill() throws Exception {
        Node a = node("a");
        String t = topic();
        List<Long> ids = publish(a, t, 600);
        // Every reader of this node that asks within the gather time joins the first one's read.
        Node b = closing(Node.start("b", redis.uri(), s -> s.backfillGather(java.time.Duration.ofMillis(500))));
        b.hub().window(t); // the topic is open (synced) before the storm
        int clients = 300;
        List<Collector> readers = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Collector>> started = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int index = (i * 37) % 500; // ids spread over the 500 before the newest 100
                from.add(index);
                started.add(pool.submit(() -> {
                    go.await();
                    return subscribe(b, t, Position.after(ids.get(index)));
                }));
            }
            go.countDown();
            for (Future<Collector> f : started) {
                readers.add(f.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < clients; i++) {
            Collector r = readers.get(i).awaitEvents(599 - from.get(i));
            assertEquals(ids.subList(from.get(i) + 1, 600), r.ids(), "client " + i);
        }
        RedisLogMetrics m = b.redis().metrics();
        assertEquals(1, m.backfills(), "300 resumes, one backfill: " + m);
        assertEquals((600 - 1 + RedisEventLogFactory.PAGE - 1) / RedisEventLogFactory.PAGE, m.backfillReads(),
                "its pages: " + m);
    }

    @Test
    void aClientResumingWithAnIdThisNodeHasNotHeardOfYetGetsWhatFollowsNotAReset() {
        RedisLink link = closing(RedisLink.to(redis.port()));
        Node a = node("a");
        Node b = closing(Node.start("b", link.uri()));
        String t = topic();
        b.hub().window(t); // open on b
        link.stall(); // b hears nothing for now
        List<Long> ids = publish(a, t, 5);
        Collector c = new Collector();
        // The client got id 3 from node a; node b has not heard of ids 1 to 5 yet.
        b.hub().subscribe(t, Position.after(ids.get(2)), c);
        link.unstall();
        c.awaitEvents(2);
        assertEquals(ids.subList(3, 5), c.ids());
        assertEquals(List.of(), c.resets());
    }

    @Test
    void publishingWhileRedisIsDownFailsAtOnceAndRedisRestartedEmptyResetsEverySubscriber() {
        RedisServer own = closing(RedisServer.start());
        // A long command timeout: failing fast must not come from it.
        Node a = closing(Node.start("a", own.uri(), s -> s.commandTimeout(java.time.Duration.ofSeconds(30))));
        Node b = closing(Node.start("b", own.uri()));
        String t = topic();
        Collector onA = subscribe(a, t, Position.live());
        Collector onB = subscribe(b, t, Position.live());
        List<Long> before = publish(a, t, 10);
        onA.awaitEvents(10);
        onB.awaitEvents(10);

        own.kill();
        await(() -> !a.redis().isConnected(), () -> "node a saw Redis go");
        long start = System.nanoTime();
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> a.hub().publish(t, "n", Map.of("lost", true)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e instanceof RedisUnavailableException, e.toString());
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("was not published"),
                e.getMessage());
        assertTrue(tookMillis < 10_000, "failed at once, not after the 30 s timeout: " + tookMillis + " ms");

        own.restart(); // empty: the history the subscribers read from is gone
        Nodes.awaitConnected(List.of(a.redis(), b.redis()));
        for (Collector r : List.of(onA, onB)) {
            await(() -> !r.resets().isEmpty(), () -> "the subscriber was reset after Redis lost its data");
            Reset reset = r.resets().get(0);
            assertEquals(Reset.Cause.UNKNOWN_ID, reset.cause());
            assertEquals(before.get(9), reset.requestedId(), "it was at the newest event it had");
            assertTrue(reset.oldestId() > before.get(9), "the new history's ids are above the old ones");
        }
        List<Long> after = publish(b, t, 5);
        assertTrue(after.get(0) > before.get(9));
        for (Collector r : List.of(onA, onB)) {
            r.awaitEvents(15);
            assertEquals(after, r.ids().subList(10, 15), "nothing published after the restart is missed");
            r.assertNoSilentGap();
            assertEquals(1, r.resets().size());
            assertTrue(r.all().indexOf(r.resets().get(0)) == 10, "the reset comes before the new events");
        }
    }

    @Test
    void aNodeCutOffFromRedisRefusesPublishesWritesNothingAndCatchesUpWhenItReconnects() {
        RedisLink link = closing(RedisLink.to(redis.port()));
        Node a = closing(Node.start("a", link.uri()));
        Node b = node("b");
        String t = topic();
        Collector onA = subscribe(a, t, Position.live());
        List<Long> first = publish(b, t, 5);
        onA.awaitEvents(5);

        link.down();
        await(() -> !a.redis().isConnected(), () -> "node a saw its link to Redis go");
        assertThrows(RedisUnavailableException.class, () -> a.hub().publish(t, "n", Map.of("lost", true)));
        List<Long> during = publish(b, t, 20); // node a hears none of these now
        List<?> stream = (List<?>) redis.command("XRANGE", "ringcast:{" + new TopicKeys("ringcast", t, 128).partition
                + "}:" + t + ":stream", "-", "+");
        assertEquals(25, stream.size(), "the failed publish wrote nothing: only node b's 25 events are there");

        link.up(); // node a reconnects by itself, with backoff, and catches up from Redis
        onA.awaitEvents(25);
        List<Long> afterwards = publish(a, t, 3);
        onA.awaitEvents(28);
        List<Long> expected = new ArrayList<>(first);
        expected.addAll(during);
        expected.addAll(afterwards);
        assertEquals(expected, onA.ids(), "no gap, no duplicate");
        assertEquals(List.of(), onA.resets());
        assertTrue(a.redis().metrics().resubscriptions() > 0);
    }

    @Test
    void aNodeTooSlowToReadIsDisconnectedByRedisAndCatchesUpFromTheStream() {
        RedisLink link = closing(RedisLink.to(redis.port()));
        Node a = closing(Node.start("a", link.uri(), s -> s, 1024));
        Node b = node("b");
        String t = topic();
        Collector onA = subscribe(a, t, Position.live());
        link.stall();
        // ~4 MB of live messages: more than the socket buffers and Redis's 256 KiB limit for a
        // subscriber, but fewer events than the ring and Redis hold.
        List<Long> ids = publishPadded(b, t, 1000);
        await(() -> clientsNamed("a").stream().noneMatch(c -> c.contains(" ssub=128 ")),
                () -> "Redis disconnected the slow subscriber: " + clientsNamed("a"));
        link.unstall();
        onA.awaitEvents(1000);
        assertEquals(ids, onA.ids(), "all of it, in order, once");
        assertEquals(List.of(), onA.resets(), "Redis still held everything: no reset");
        assertTrue(a.redis().metrics().gapFills() > 0, "caught up from the stream: " + a.redis().metrics());
    }

    @Test
    void aNodeThatMissedMoreThanRedisKeepsResetsItsSubscribersExplicitly() {
        RedisLink link = closing(RedisLink.to(redis.port()));
        Node a = closing(Node.start("a", link.uri(), s -> s.historyLength(100)));
        Node b = closing(Node.start("b", redis.uri(), s -> s.historyLength(100)));
        String t = topic();
        Collector onA = subscribe(a, t, Position.live());
        publish(b, t, 3);
        onA.awaitEvents(3);
        link.stall();
        List<Long> ids = publishPadded(b, t, 1000);
        await(() -> clientsNamed("a").stream().noneMatch(c -> c.contains(" ssub=128 ")),
                () -> "Redis disconnected the slow subscriber: " + clientsNamed("a"));
        link.unstall();
        long last = ids.get(999);
        await(() -> onA.ids().contains(last), () -> "the subscriber reached the newest event, got "
                + onA.ids().size() + " events");
        assertFalse(onA.resets().isEmpty(), "it was told it missed events");
        onA.assertNoSilentGap();
        assertTrue(onA.ids().size() < 1003, "what Redis no longer held was skipped, said so: " + onA.resets());
    }

    private static List<Long> publishPadded(Node node, String topic, int count) {
        String padding = "x".repeat(4000);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(node.hub().publish(topic, "n", Map.of("i", i, "pad", padding)).id());
        }
        return ids;
    }

    private static List<String> clientsNamed(String name) {
        String list = (String) redis.command("CLIENT", "LIST");
        return List.of(list.split("\n")).stream().filter(l -> l.contains(" name=" + name + " ")).toList();
    }

    @Test
    void everyNodeAssignsIdsFromRedisSoTheSameEventHasOneIdEverywhere() {
        Node a = node("a");
        Node b = node("b");
        String t = topic();
        Collector onB = subscribe(b, t, Position.live());
        Event e = a.hub().publish(t, "n", Map.of("x", 1));
        onB.awaitEvents(1);
        assertEquals(e.id(), onB.events().get(0).id());
        assertEquals(e.timestamp(), onB.events().get(0).timestamp());
        assertEquals(e.id(), b.hub().window(t).headId());
        assertEquals(e.id(), a.hub().window(t).headId());
    }
}
