package dev.ringcast.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.log.EventLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Redis log's own decisions, against a store whose answers each test sets (a stream with a
 * hole, a new epoch, a trimmed stream, a failed read), with the scheduled work run by hand.
 */
class RedisEventLogTest {

    private static final long FIRST = 1_000;

    /** Redis as the tests set it. */
    private static final class FakeStore implements Store {
        Store.Meta meta = new Store.Meta(FIRST, FIRST - 1);
        final TreeMap<Long, byte[]> stream = new TreeMap<>();
        final AtomicInteger ranges = new AtomicInteger();
        final AtomicInteger syncs = new AtomicInteger();
        int failNextReads;

        void add(long id) {
            stream.put(id, EventCodec.encode(7, "t", ("\"e" + id + "\"").getBytes(StandardCharsets.UTF_8)));
            meta = new Store.Meta(meta.first(), Math.max(meta.last(), id));
        }

        @Override
        public long append(TopicKeys keys, int retained, byte[] entry) {
            long id = meta.last() + 1;
            stream.put(id, entry);
            meta = new Store.Meta(meta.first(), id);
            return id;
        }

        @Override
        public synchronized CompletableFuture<Meta> sync(TopicKeys keys) {
            syncs.incrementAndGet();
            if (failNextReads > 0) {
                failNextReads--;
                return CompletableFuture.failedFuture(new RuntimeException("connection lost"));
            }
            return CompletableFuture.completedFuture(meta);
        }

        @Override
        public synchronized CompletableFuture<Range> range(TopicKeys keys, long afterId, long toId) {
            ranges.incrementAndGet();
            if (failNextReads > 0) {
                failNextReads--;
                return CompletableFuture.failedFuture(new RuntimeException("connection lost"));
            }
            Map<Long, byte[]> part = stream.subMap(afterId, false, toId, true);
            long[] ids = part.keySet().stream().mapToLong(Long::longValue).toArray();
            byte[][] entries = part.values().toArray(new byte[0][]);
            long streamFirst = stream.isEmpty() ? 0 : stream.firstKey();
            return CompletableFuture.completedFuture(new Range(meta, afterId, toId, streamFirst, ids, entries));
        }
    }

    /** Runs what the log scheduled when the test says so, delays ignored. */
    private static final class Tasks implements Scheduler {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public synchronized void schedule(Runnable task, long delayMillis) {
            queue.add(task);
        }

        void runAll() {
            for (Runnable r; (r = next()) != null; ) {
                r.run();
            }
        }

        private synchronized Runnable next() {
            return queue.poll();
        }
    }

    private final FakeStore store = new FakeStore();
    private final Tasks tasks = new Tasks();
    private final AtomicInteger wakeUps = new AtomicInteger();

    private RedisEventLog open(int ring, int window) {
        RedisEventLog log = new RedisEventLog(new TopicKeys("ringcast", "t", 128), ring, window, store, tasks,
                new RedisEventLog.Settings(5, 50, 250, 30_000, RedisEventLogFactory.PAGE, 1000), new Counters(),
                wakeUps::incrementAndGet, l -> { }, l -> { });
        log.start();
        return log;
    }

    private static Event event(long id) {
        return Event.create("t", id, "t", ("\"e" + id + "\"").getBytes(StandardCharsets.UTF_8), 7);
    }

    private static List<Long> read(EventLog log, long after) {
        List<Event> out = new ArrayList<>();
        int n = log.read(after, 1000, out);
        if (n < 0) {
            return List.of((long) n);
        }
        return out.stream().map(Event::id).toList();
    }

    @Test
    void anIdThatWasNeverStoredIsSteppedOverNotWaitedAt() {
        for (long id = FIRST; id < FIRST + 10; id++) {
            if (id != FIRST + 4) {
                store.add(id);
            }
        }
        store.meta = new Store.Meta(FIRST, FIRST + 9);
        RedisEventLog log = open(64, 64);
        assertEquals(List.of(), read(log, FIRST - 1), "nothing local yet: a backfill is asked for");
        tasks.runAll();
        assertEquals(List.of(FIRST, FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 5, FIRST + 6, FIRST + 7, FIRST + 8,
                FIRST + 9), read(log, FIRST - 1));
    }

    @Test
    void aGapInLiveEventsIsFilledFromTheStream() {
        RedisEventLog log = open(64, 64);
        assertEquals(List.of(), read(log, FIRST - 1)); // a reader: the ring is there
        for (long id = FIRST; id < FIRST + 5; id++) {
            store.add(id);
        }
        log.onLive(event(FIRST));
        log.onLive(event(FIRST + 4)); // 1001 to 1003 lost on the way
        assertEquals(List.of(FIRST), read(log, FIRST - 1), "stops before the gap, in id order");
        tasks.runAll(); // the gap check, then the fill
        assertEquals(List.of(FIRST, FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 4), read(log, FIRST - 1));
        assertTrue(wakeUps.get() > 0);
    }

    @Test
    void aNewEpochInRedisResetsReadersOfTheOldOne() {
        for (long id = FIRST; id < FIRST + 3; id++) {
            store.add(id);
        }
        RedisEventLog log = open(64, 64);
        assertEquals(List.of(), read(log, FIRST + 2));
        // Redis lost everything; the topic started again later, at higher ids.
        long later = 5_000;
        store.stream.clear();
        store.meta = new Store.Meta(later, later - 1);
        store.add(later);
        log.onLive(event(later)); // far above: a gap to fill, whose read shows the new epoch
        tasks.runAll();
        assertEquals(List.of((long) EventLog.UNKNOWN_ID), read(log, FIRST + 2), "an id of the lost history");
        assertEquals(later, log.oldestId());
        assertEquals(List.of(), read(log, later - 1), "the new history is fetched from its start");
        tasks.runAll();
        assertEquals(List.of(later), read(log, later - 1));
    }

    @Test
    void historyRedisNoLongerHoldsMakesTheReaderTooOld() {
        for (long id = FIRST; id < FIRST + 50; id++) {
            store.add(id);
        }
        RedisEventLog log = open(8, 64);
        read(log, FIRST + 49); // a reader at the head: the ring starts above the history
        store.stream.headMap(FIRST + 30).clear(); // trimmed more than the window says
        assertEquals(List.of(), read(log, FIRST + 10), "asks Redis");
        tasks.runAll();
        assertEquals(List.of((long) EventLog.TOO_OLD), read(log, FIRST + 10));
        assertEquals(FIRST + 30, log.oldestId());
        assertEquals(20, read(log, FIRST + 29).size(), "what is still held came with that read, and is served");
    }

    @Test
    void aFailedReadIsTriedAgainWhileTheReaderWaits() {
        for (long id = FIRST; id < FIRST + 5; id++) {
            store.add(id);
        }
        RedisEventLog log = open(64, 64);
        store.failNextReads = 1;
        assertEquals(List.of(), read(log, FIRST - 1));
        assertFalse(log.hasReadableAfter(FIRST - 1), "waiting, not failing");
        tasks.runAll(); // the read fails, is scheduled again, and succeeds
        assertEquals(5, read(log, FIRST - 1).size());
        assertEquals(2, store.ranges.get());
    }

    @Test
    void anIdAboveWhatThisNodeKnowsIsUnknownOnlyOnceRedisWasAsked() {
        store.add(FIRST);
        RedisEventLog log = open(64, 64);
        int syncs = store.syncs.get();
        assertEquals(List.of(), read(log, FIRST + 1), "not an answer yet: another node may know it");
        assertFalse(log.hasReadableAfter(FIRST + 1));
        tasks.runAll();
        assertEquals(syncs + 1, store.syncs.get(), "Redis was asked once");
        assertEquals(List.of((long) EventLog.UNKNOWN_ID), read(log, FIRST + 1));
        assertTrue(log.hasReadableAfter(FIRST + 1));
    }

    @Test
    void anIdAnotherNodeGaveOutIsServedOnceRedisConfirmsIt() {
        store.add(FIRST);
        RedisEventLog log = open(64, 64);
        store.add(FIRST + 1); // appended elsewhere; this node has not heard of it
        store.add(FIRST + 2);
        assertEquals(List.of(), read(log, FIRST + 1));
        tasks.runAll(); // the check learns the head, the gap is filled
        assertEquals(List.of(FIRST + 2), read(log, FIRST + 1));
    }

    @Test
    void liveEventsThatArriveBeforeTheFirstSyncAreKept() {
        RedisEventLog log = new RedisEventLog(new TopicKeys("ringcast", "t", 128), 64, 64, store, tasks,
                new RedisEventLog.Settings(5, 50, 250, 30_000, RedisEventLogFactory.PAGE, 1000), new Counters(),
                () -> { }, l -> { }, l -> { });
        store.add(FIRST);
        log.onLive(event(FIRST + 1)); // arrives before the sync answers
        store.add(FIRST + 1);
        store.meta = new Store.Meta(FIRST, FIRST); // the sync ran before the event was appended
        log.start();
        assertEquals(FIRST + 1, log.headId(), "the early event counts");
    }
}
