package dev.ringcast.cluster.redis;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ringcast.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The Redis log's claim that concurrent resumes of one topic on one node share one read of
 * Redis. A topic holds ids 1000 to 1019 in Redis; the node's ring holds none of them (it started
 * after them). Readers below the ring ask for a backfill at once; the store counts its range
 * reads; the arbiter then runs what the log scheduled (the gather wait, the read, its completion)
 * and reads again.
 */
public final class SharedBackfillStress {

    private SharedBackfillStress() {
    }

    static final long FIRST = 1000;
    static final long LAST = 1019;

    /** Redis with ids 1000 to 1019 in the topic's stream; counts range reads. */
    static final class FakeStore implements Store {
        final AtomicInteger ranges = new AtomicInteger();

        @Override
        public long append(TopicKeys keys, int retained, byte[] entry) {
            throw new UnsupportedOperationException("no appends here");
        }

        @Override
        public CompletableFuture<Meta> sync(TopicKeys keys) {
            return CompletableFuture.completedFuture(new Meta(FIRST, LAST));
        }

        @Override
        public CompletableFuture<Range> range(TopicKeys keys, long afterId, long toId) {
            ranges.incrementAndGet();
            int n = (int) (toId - afterId);
            long[] ids = new long[n];
            byte[][] entries = new byte[n][];
            for (int i = 0; i < n; i++) {
                ids[i] = afterId + 1 + i;
                entries[i] = EventCodec.encode(42, "typ", ("\"e" + ids[i] + "\"").getBytes(StandardCharsets.UTF_8));
            }
            return CompletableFuture.completedFuture(new Range(new Meta(FIRST, LAST), afterId, toId, FIRST, ids,
                    entries));
        }
    }

    /** Collects what the log schedules; the arbiter runs it, on one thread, delays ignored. */
    static final class ManualScheduler implements Scheduler {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void schedule(Runnable task, long delayMillis) {
            tasks.add(task);
        }

        void runAll() {
            for (;;) {
                Runnable next;
                synchronized (this) {
                    next = tasks.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }
    }

    /** A log whose ring starts empty above the topic's 20 events in Redis. */
    static RedisEventLog log(Store store, Scheduler scheduler) {
        RedisEventLog log = new RedisEventLog(new TopicKeys("ringcast", "t", 128), 4, 64, store, scheduler,
                new RedisEventLog.Settings(5, 50, 250, 30_000, RedisEventLogFactory.PAGE, 1000), new Counters(),
                () -> { }, l -> { }, l -> { });
        log.start();
        log.read(LAST, 1, new ArrayList<>()); // a reader at the head: the ring is there, empty
        return log;
    }

    static long firstId(List<Event> read) {
        return read.isEmpty() ? 0 : read.get(0).id();
    }

    /**
     * Two clients resume at once from different old ids. Whatever the interleaving, one range
     * read (from the lower id up to the ring) serves both: r1 = range reads, r2 and r3 = how many
     * events each client then reads (19 after 1000, 14 after 1005).
     */
    @JCStressTest
    @Outcome(id = "1, 19, 14", expect = ACCEPTABLE, desc = "one read of Redis served both resumes")
    @Outcome(expect = FORBIDDEN, desc = "each resume read Redis on its own, or one got the wrong events")
    @State
    public static class TwoResumesOneRead {
        final FakeStore store = new FakeStore();
        final ManualScheduler scheduler = new ManualScheduler();
        final RedisEventLog log = log(store, scheduler);

        @Actor
        public void client1() {
            log.read(FIRST, 16, new ArrayList<>());
        }

        @Actor
        public void client2() {
            log.read(FIRST + 5, 16, new ArrayList<>());
        }

        @Arbiter
        public void arbiter(III_Result r) {
            scheduler.runAll();
            r.r1 = store.ranges.get();
            List<Event> one = new ArrayList<>();
            List<Event> two = new ArrayList<>();
            int n1 = log.read(FIRST, 64, one);
            int n2 = log.read(FIRST + 5, 64, two);
            r.r2 = firstId(one) == FIRST + 1 ? n1 : -1;
            r.r3 = firstId(two) == FIRST + 6 ? n2 : -1;
        }
    }

    /**
     * A resume racing a live event that the ring takes meanwhile. The resume reads either nothing
     * yet (its backfill pending) or starts at its own next id; never the live event before the
     * history below it. The arbiter checks that, once the backfill ran, the client reads from id
     * 1011 on, through the live event 1020, in order: r1 = the first id the racing read returned
     * (0 for none), r2 = the events read after the backfill, all consecutive (-1 otherwise).
     */
    @JCStressTest
    @Outcome(id = "0, 10", expect = ACCEPTABLE, desc = "nothing yet, then 1011 to 1020 in order")
    @Outcome(expect = FORBIDDEN, desc = "the live event before the history, or a gap")
    @State
    public static class ResumeVersusLiveEvent {
        final FakeStore store = new FakeStore();
        final ManualScheduler scheduler = new ManualScheduler();
        final RedisEventLog log = log(store, scheduler);

        @Actor
        public void live() {
            log.onLive(Event.create("t", LAST + 1, "typ", "\"live\"".getBytes(StandardCharsets.UTF_8), 42));
        }

        @Actor
        public void client(II_Result r) {
            List<Event> out = new ArrayList<>();
            log.read(FIRST + 10, 16, out);
            r.r1 = (int) (out.isEmpty() ? 0 : out.get(0).id() - FIRST);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            scheduler.runAll();
            List<Event> out = new ArrayList<>();
            log.read(FIRST + 10, 64, out);
            boolean consecutive = true;
            for (int i = 0; i < out.size(); i++) {
                consecutive &= out.get(i).id() == FIRST + 11 + i;
            }
            r.r2 = consecutive ? out.size() : -1;
        }
    }
}
