package dev.ringcast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.TopicConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EventLog} keeps, run against each implementation the way JCTools runs
 * one queue sanity test against every queue: a subclass says how to open logs over its store, and
 * inherits every test.
 *
 * <p>A log may fetch from elsewhere: its {@code read} may then answer 0 for a while and call
 * {@code onAppend} once the events are readable. The tests wait for that (a few seconds at most),
 * so the same assertions hold for an in-memory ring, where everything is readable at once, and
 * for a log over a network store.
 */
public abstract class EventLogContract {

    /** How long a test waits for an asynchronous log to settle before it fails. */
    protected static final long SETTLE_MILLIS = 10_000;

    private static final AtomicInteger TOPICS = new AtomicInteger();

    /** For a subclass per log. */
    protected EventLogContract() {
    }

    /** Logs over one store, opened by one or more nodes. */
    protected interface Store extends AutoCloseable {

        /**
         * Opens a topic's log on one node.
         *
         * @param node 0 up to {@link #nodes()} - 1
         * @param topic the topic
         * @param retained how many events the log retains at least (its window), a power of two
         * @param onAppend the log's callback
         * @return the log
         */
        EventLog open(int node, String topic, int retained, Runnable onAppend);

        /** @return how many nodes share the store: 1 for a log that lives in one process */
        int nodes();

        /**
         * Loses everything the store holds, as a restart does: logs opened afterwards are a new
         * incarnation of their topics. Close the logs opened before first.
         */
        void restart();

        /** Stops the store; the logs opened on it are closed already. */
        @Override
        void close();
    }

    /**
     * @return a new, empty store
     * @throws Exception if it cannot be set up
     */
    protected abstract Store newStore() throws Exception;

    private Store store;
    private final List<EventLog> opened = new ArrayList<>();

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        closeLogs();
        store.close();
    }

    private void closeLogs() {
        for (EventLog log : opened) {
            log.close();
        }
        opened.clear();
    }

    /** A log and the signal of its onAppend callback. */
    protected static final class Opened {
        final EventLog log;
        final Semaphore appended = new Semaphore(0);
        final AtomicLong callbacks = new AtomicLong();

        Opened(Store store, int node, String topic, int retained, List<EventLog> registry) {
            this.log = store.open(node, topic, retained, () -> {
                callbacks.incrementAndGet();
                appended.release();
            });
            registry.add(log);
        }
    }

    private static String newTopic() {
        return "contract-" + TOPICS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    private Opened open(int node, String topic, int retained) {
        return new Opened(store, node, topic, retained, opened);
    }

    private Opened open(String topic) {
        return open(0, topic, TopicConfig.DEFAULT_RING_CAPACITY);
    }

    private static Event append(EventLog log, String data) {
        return log.append("e", ('"' + data + '"').getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
    }

    /**
     * Reads after {@code afterId}, waiting while the log answers 0 and has fewer than
     * {@code expected} events to give.
     */
    private static List<Event> readAll(Opened o, long afterId, int expected) {
        List<Event> out = new ArrayList<>();
        long position = afterId;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while (out.size() < expected) {
            List<Event> batch = new ArrayList<>();
            int n = o.log.read(position, 64, batch);
            if (n < 0) {
                fail("read after " + position + " answered " + n + " with " + out.size() + " of " + expected
                        + " events read");
            }
            assertEquals(n, batch.size(), "a read returns the number of events it added");
            if (n > 0) {
                out.addAll(batch);
                position = batch.get(n - 1).id();
                continue;
            }
            if (System.nanoTime() > deadline) {
                fail("only " + out.size() + " of " + expected + " events became readable after " + afterId);
            }
            awaitSignal(o, 20);
        }
        return out;
    }

    /** How long a read that should find nothing is watched for a late answer. */
    private static final long QUIET_MILLIS = 300;

    /** The first answer of a read after {@code afterId} that is not 0, waiting for it. */
    private static int settledRead(Opened o, long afterId, List<Event> out) {
        return settledRead(o, afterId, out, SETTLE_MILLIS);
    }

    /** Asserts that a read after {@code afterId} finds nothing, now and for a short while. */
    private static void assertNothingAfter(Opened o, long afterId, String why) {
        assertEquals(0, settledRead(o, afterId, new ArrayList<>(), QUIET_MILLIS), why);
    }

    private static int settledRead(Opened o, long afterId, List<Event> out, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (;;) {
            int n = o.log.read(afterId, 64, out);
            if (n != 0 || System.nanoTime() > deadline) {
                return n;
            }
            awaitSignal(o, 20);
        }
    }

    private static void awaitSignal(Opened o, long millis) {
        try {
            o.appended.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    @Test
    void idsAreAtLeastOneStrictlyIncreasingAndExactInJson() {
        Opened o = open(newTopic());
        long previous = 0;
        for (int i = 0; i < 50; i++) {
            long id = append(o.log, "e" + i).id();
            assertTrue(id >= 1 && id <= Event.MAX_ID, "id " + id + " is within 1 to 2^53-1");
            assertTrue(id > previous, "id " + id + " follows " + previous);
            previous = id;
        }
        assertEquals(previous, o.log.headId(), "the head is the newest id");
    }

    @Test
    void anEmptyLogsHeadIsJustBelowItsOldestAndReadsNothing() {
        Opened o = open(newTopic());
        long head = o.log.headId();
        assertEquals(head + 1, o.log.oldestId(), "nothing retained: oldest is head + 1");
        assertNothingAfter(o, head, "nothing after the head");
        assertNothingAfter(o, 0, "nothing after 0 either, and no reset");
        assertFalse(o.log.hasReadableAfter(0));
        assertEquals(0, o.log.countAfter(head));
        long first = append(o.log, "a").id();
        assertTrue(first > head, "the first id " + first + " is above the empty log's head " + head);
    }

    @Test
    void readAfterZeroStartsWithTheFirstEvent() {
        Opened o = open(newTopic());
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            appended.add(append(o.log, "e" + i).id());
        }
        List<Event> read = readAll(o, 0, 10);
        assertEquals(appended, ids(read), "0 is before the first event");
        assertEquals("\"e0\"", read.get(0).dataJson());
        assertEquals("e", read.get(0).type());
    }

    @Test
    void readAfterAMiddleIdReturnsOnlyLaterEventsInOrderWithTheirContent() {
        Opened o = open(newTopic());
        List<Event> appended = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            appended.add(append(o.log, "e" + i));
        }
        List<Event> read = readAll(o, appended.get(4).id(), 5);
        assertEquals(ids(appended.subList(5, 10)), ids(read));
        for (int i = 0; i < 5; i++) {
            Event expected = appended.get(5 + i);
            Event actual = read.get(i);
            assertEquals(expected.dataJson(), actual.dataJson());
            assertEquals(expected.topic(), actual.topic());
            assertEquals(expected.timestamp(), actual.timestamp());
        }
        assertNothingAfter(o, appended.get(9).id(), "nothing after the head");
    }

    @Test
    void aReadNeverReturnsMoreThanItsMax() {
        Opened o = open(newTopic());
        for (int i = 0; i < 10; i++) {
            append(o.log, "e" + i);
        }
        readAll(o, 0, 10); // settled
        List<Event> out = new ArrayList<>();
        assertEquals(3, o.log.read(0, 3, out));
        assertEquals(3, out.size());
        out.clear();
        assertEquals(1, o.log.read(0, 1, out));
    }

    @Test
    void anIdAboveTheHeadIsUnknown() {
        Opened o = open(newTopic());
        long head = append(o.log, "a").id();
        assertEquals(EventLog.UNKNOWN_ID, settledRead(o, head + 1, new ArrayList<>()));
        assertEquals(EventLog.UNKNOWN_ID, settledRead(o, head + 1_000_000, new ArrayList<>()));
        assertTrue(o.log.hasReadableAfter(head + 1), "a read would not answer 0: it answers UNKNOWN_ID");
    }

    @Test
    void anIdOlderThanTheWindowIsTooOldAndSoIsZeroOnceSomethingIsGone() {
        Opened o = open(0, newTopic(), 4);
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            appended.add(append(o.log, "e" + i).id());
        }
        long oldest = o.log.oldestId();
        assertTrue(oldest > appended.get(0), "the window moved past the first id");
        assertTrue(o.log.headId() - oldest + 1 >= 4, "the window holds at least what was asked");
        assertEquals(EventLog.TOO_OLD, settledRead(o, appended.get(0), new ArrayList<>()));
        assertEquals(EventLog.TOO_OLD, settledRead(o, 0, new ArrayList<>()),
                "0 asks for everything: once some of it is gone, it is too old");
        List<Event> fromOldest = readAll(o, oldest - 1, (int) (o.log.headId() - oldest + 1));
        assertEquals(oldest, fromOldest.get(0).id(), "the window starts at the oldest id");
        assertEquals(appended.get(39), fromOldest.get(fromOldest.size() - 1).id());
    }

    @Test
    void anIdFromAnEarlierIncarnationIsUnknownAndTheNewIdsAreAboveIt() {
        String topic = newTopic();
        Opened before = open(topic);
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(append(before.log, "old" + i).id());
        }
        closeLogs();
        store.restart();
        Opened after = open(topic);
        long first = append(after.log, "new").id();
        assertTrue(first > old.get(4), "the new incarnation's ids (" + first + ") are above the old ones ("
                + old.get(4) + "), so an old cursor is recognised");
        for (long id : List.of(old.get(0), old.get(2), old.get(4))) {
            assertEquals(EventLog.UNKNOWN_ID, settledRead(after, id, new ArrayList<>()),
                    "id " + id + " belongs to the earlier incarnation");
        }
        assertEquals(List.of(first), ids(readAll(after, 0, 1)), "0 reads the new incarnation from its start");
    }

    @Test
    void hasReadableAfterAgreesWithRead() {
        Opened o = open(0, newTopic(), 4);
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            appended.add(append(o.log, "e" + i).id());
        }
        long head = o.log.headId();
        readAll(o, o.log.oldestId() - 1, (int) (head - o.log.oldestId() + 1)); // settled
        for (long id : List.of(0L, appended.get(0), o.log.oldestId() - 1, head - 1, head, head + 1)) {
            int settled = settledRead(o, id, new ArrayList<>(), id == head ? QUIET_MILLIS : SETTLE_MILLIS);
            assertEquals(settled != 0, o.log.hasReadableAfter(id), "after " + id + " a read answers " + settled);
        }
    }

    @Test
    void countAfterIsTheBacklog() {
        Opened o = open(newTopic());
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            appended.add(append(o.log, "e" + i).id());
        }
        readAll(o, 0, 10);
        assertEquals(0, o.log.countAfter(appended.get(9)));
        assertEquals(4, o.log.countAfter(appended.get(5)));
        assertEquals(10, o.log.countAfter(0));
    }

    @Test
    void onAppendRunsOnceTheEventIsReadable() throws InterruptedException {
        String topic = newTopic();
        AtomicLong seenInCallback = new AtomicLong();
        CountDownLatch called = new CountDownLatch(1);
        EventLog[] self = new EventLog[1];
        long[] before = new long[1];
        self[0] = store.open(0, topic, 64, () -> {
            List<Event> out = new ArrayList<>();
            if (self[0] != null && self[0].read(before[0], 16, out) > 0) {
                seenInCallback.set(out.get(0).id());
                called.countDown();
            }
        });
        opened.add(self[0]);
        before[0] = self[0].headId();
        List<Event> warm = new ArrayList<>();
        self[0].read(before[0], 1, warm); // a reader is there before the append
        long id = append(self[0], "a").id();
        assertTrue(called.await(SETTLE_MILLIS, TimeUnit.MILLISECONDS), "onAppend found the event readable");
        assertEquals(id, seenInCallback.get());
    }

    @Test
    void anotherNodesAppendWakesThisLogAndIsReadableHere() {
        assumeTrue(store.nodes() >= 2, "one node: no other writer");
        String topic = newTopic();
        Opened here = open(0, topic, 64);
        Opened there = open(1, topic, 64);
        long start = here.log.headId();
        assertEquals(0, here.log.read(start, 16, new ArrayList<>()));
        long calls = here.callbacks.get();
        Event e = append(there.log, "from-the-other-node");
        List<Event> read = readAll(here, start, 1);
        assertEquals(e.id(), read.get(0).id(), "the same id on every node");
        assertEquals(e.dataJson(), read.get(0).dataJson());
        assertTrue(here.callbacks.get() > calls, "the other node's append ran this log's onAppend");
        assertEquals(e.id(), here.log.headId());
    }

    @Test
    void concurrentAppendsGetDistinctIdsAndAllAreReadableInOrder() throws Exception {
        Opened o = open(0, newTopic(), 4096);
        int threads = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(append(o.log, thread + "-" + i).id());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> r : results) {
                List<Long> mine = r.get(60, TimeUnit.SECONDS);
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "one thread's ids increase");
                }
                all.addAll(mine);
            }
            Collections.sort(all);
            assertEquals(threads * each, all.stream().distinct().count(), "no id given twice");
            List<Event> read = readAll(o, 0, threads * each);
            assertEquals(all, ids(read), "every appended event is read, in id order");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void appendsOnTwoNodesShareOneIdSpace() throws Exception {
        assumeTrue(store.nodes() >= 2, "one node: no other writer");
        String topic = newTopic();
        Opened a = open(0, topic, 4096);
        Opened b = open(1, topic, 4096);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> fromA = pool.submit(() -> appendMany(a.log, "a", 200));
            Future<List<Long>> fromB = pool.submit(() -> appendMany(b.log, "b", 200));
            List<Long> all = new ArrayList<>(fromA.get(60, TimeUnit.SECONDS));
            all.addAll(fromB.get(60, TimeUnit.SECONDS));
            Collections.sort(all);
            assertEquals(400, all.stream().distinct().count(), "no id given twice across nodes");
            assertEquals(all, ids(readAll(a, 0, 400)), "node 0 reads both nodes' events in id order");
            assertEquals(all, ids(readAll(b, 0, 400)), "node 1 reads the same");
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> appendMany(EventLog log, String prefix, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(append(log, prefix + i).id());
        }
        return ids;
    }

    @Test
    void refusedInputLeavesNoGapThatReadersWaitAt() {
        Opened o = open(newTopic());
        long a = append(o.log, "a").id();
        assertThrows(IllegalArgumentException.class,
                () -> o.log.append("bad\ntype", "1".getBytes(StandardCharsets.UTF_8), 0));
        long b = append(o.log, "b").id();
        assertEquals(List.of(b), ids(readAll(o, a, 1)), "the reader passes the refused append");
    }
}
