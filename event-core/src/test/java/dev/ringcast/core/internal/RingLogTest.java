package dev.ringcast.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.log.EventLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RingLogTest {

    private static final long FIRST = 1_000L;

    private final AtomicInteger appends = new AtomicInteger();
    private final RingLog ring = new RingLog("t", 8, FIRST, appends::incrementAndGet);

    private Event append(String data) {
        return ring.append("x", ('"' + data + '"').getBytes(StandardCharsets.UTF_8), 0);
    }

    private List<Event> readAfter(long id, int max) {
        List<Event> out = new ArrayList<>();
        int n = ring.read(id, max, out);
        assertEquals(n, out.size(), "count returned matches events added");
        return out;
    }

    @Test
    void shouldAssignConsecutiveIdsFromTheFirstId() {
        assertEquals(FIRST - 1, ring.headId(), "empty ring's head is just below its first id");
        assertEquals(FIRST, ring.oldestId());
        assertEquals(FIRST, append("a").id());
        assertEquals(FIRST + 1, append("b").id());
        assertEquals(FIRST + 1, ring.headId());
        assertEquals(2, appends.get(), "onAppend runs once per append");
    }

    @Test
    void shouldReadEverythingAfterAnIdInOrder() {
        for (int i = 0; i < 5; i++) {
            append("e" + i);
        }
        List<Event> all = readAfter(FIRST - 1, 100);
        assertEquals(5, all.size());
        assertEquals("\"e0\"", all.get(0).dataJson());
        List<Event> tail = readAfter(FIRST + 2, 100);
        assertEquals(List.of(FIRST + 3, FIRST + 4), tail.stream().map(Event::id).toList());
        assertEquals(0, readAfter(FIRST + 4, 100).size(), "reading after the head reads nothing");
        assertEquals(2, readAfter(FIRST - 1, 2).size(), "max bounds a read");
    }

    @Test
    void shouldOverwriteTheOldestWhenTheRingWraps() {
        for (int i = 0; i < 20; i++) {
            append("e" + i);
        }
        long head = FIRST + 19;
        assertEquals(head, ring.headId());
        assertEquals(head - 7, ring.oldestId(), "a ring of 8 retains the last 8");
        List<Event> window = readAfter(ring.oldestId() - 1, 100);
        assertEquals(8, window.size());
        assertEquals(head - 7, window.get(0).id());
        assertEquals("\"e19\"", window.get(7).dataJson());
        assertEquals(EventLog.TOO_OLD, ring.read(ring.oldestId() - 2, 100, new ArrayList<>()),
                "an id whose successor was overwritten is too old");
        assertEquals(EventLog.TOO_OLD, ring.read(FIRST, 100, new ArrayList<>()));
    }

    @Test
    void shouldAnswerUnknownIdForIdsThatCannotBeFromThisRing() {
        append("a");
        assertEquals(EventLog.UNKNOWN_ID, ring.read(FIRST - 2, 10, new ArrayList<>()), "below the first id");
        assertEquals(EventLog.UNKNOWN_ID, ring.read(FIRST + 1, 10, new ArrayList<>()), "above the head");
        assertEquals(1, ring.read(FIRST - 1, 10, new ArrayList<>()), "just below the first id reads all");
    }

    @Test
    void shouldTellWhetherAReadWouldFindSomething() {
        assertFalse(ring.hasReadableAfter(FIRST - 1));
        append("a");
        assertTrue(ring.hasReadableAfter(FIRST - 1));
        assertFalse(ring.hasReadableAfter(FIRST));
        assertTrue(ring.hasReadableAfter(FIRST - 5), "an unknown id is not a quiet one");
        assertEquals(1, ring.countAfter(FIRST - 1));
        assertEquals(0, ring.countAfter(FIRST));
    }

    @Test
    void shouldTakeTheFirstIdFromTheClockInMicroseconds() {
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        EventLog log = RingLog.factory(clock).open("t", dev.ringcast.core.TopicConfig.defaults(), () -> { });
        assertEquals(1_700_000_000_123_456L, log.headId() + 1);
        assertTrue(log.headId() + 1 < Event.MAX_ID);
    }

    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RingLog("t", 1000, 1, () -> { }));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void shouldKeepEveryIdUniqueUnderConcurrentAppends() throws InterruptedException {
        RingLog big = new RingLog("t", 1 << 16, 1, () -> { });
        int threads = 4;
        int per = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < per; i++) {
                    big.append("x", "1".getBytes(StandardCharsets.UTF_8), 0);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        List<Event> all = new ArrayList<>();
        assertEquals(threads * per, big.read(0, Integer.MAX_VALUE, all));
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).id(), "ids are dense and in order");
            ids.add(all.get(i).id());
        }
        assertEquals(threads * per, ids.size());
    }

    @Test
    void shouldRefuseInvalidInputBeforeClaimingAnIdSoReadersNeverStopAtAGap() {
        append("a");
        assertThrows(IllegalArgumentException.class, () -> ring.append("bad\ntype", "1".getBytes(StandardCharsets.UTF_8), 0));
        assertThrows(IllegalArgumentException.class, () -> ring.append("x", null, 0));
        assertEquals(FIRST, ring.headId(), "a refused append claims no id");
        Event b = append("b");
        assertEquals(FIRST + 1, b.id(), "the next append takes the next id: no gap");
        assertEquals(List.of(FIRST, FIRST + 1), readAfter(FIRST - 1, 10).stream().map(Event::id).toList());
        assertFalse(ring.hasReadableAfter(FIRST + 1));
    }

    @Test
    void shouldRefuseIdsPastTheLargestBeforeClaimingThem() {
        RingLog last = new RingLog("t", 8, Event.MAX_ID - 1, () -> { });
        assertEquals(Event.MAX_ID - 1, last.append("x", "1".getBytes(StandardCharsets.UTF_8), 0).id());
        assertEquals(Event.MAX_ID, last.append("x", "2".getBytes(StandardCharsets.UTF_8), 0).id());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> last.append("x", "3".getBytes(StandardCharsets.UTF_8), 0));
        assertTrue(e.getMessage().contains("2^53-1"), e.getMessage());
        assertEquals(Event.MAX_ID, last.headId(), "the refused append claimed nothing");
        List<Event> out = new ArrayList<>();
        assertEquals(2, last.read(Event.MAX_ID - 2, 10, out), "both events stay readable");
        assertFalse(last.hasReadableAfter(Event.MAX_ID));
    }

    @Test
    void shouldReadFromTheFirstEventAfterZeroWhileNothingWasOverwritten() {
        append("a");
        append("b");
        assertEquals(List.of(FIRST, FIRST + 1), readAfter(0, 10).stream().map(Event::id).toList());
        assertTrue(ring.hasReadableAfter(0));
        assertEquals(2, ring.countAfter(0));
        for (int i = 0; i < 7; i++) {
            append("c" + i);
        }
        assertEquals(EventLog.TOO_OLD, ring.read(0, 10, new ArrayList<>()),
                "after 0 means every event ever held: once one is overwritten the reader must be told");
    }

    @Test
    void shouldAnswerNothingAfterZeroOnAnEmptyRing() {
        assertEquals(0, ring.read(0, 10, new ArrayList<>()));
        assertFalse(ring.hasReadableAfter(0));
    }

    @Test
    void shouldRefuseAnInvalidTopicName() {
        assertThrows(IllegalArgumentException.class, () -> new RingLog("a b", 8, 1, () -> { }));
    }
}
