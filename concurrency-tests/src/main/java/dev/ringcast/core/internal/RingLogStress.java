package dev.ringcast.core.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ringcast.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** The ring's multi-producer publish and lock-free read: no torn, lost or reordered publication. */
public final class RingLogStress {

    private RingLogStress() {
    }

    static byte[] data() {
        return "\"payload\"".getBytes(StandardCharsets.UTF_8);
    }

    static boolean complete(Event e, long id) {
        return e.id() == id && e.type().equals("typ") && e.timestamp() == 42 && e.dataJson().equals("\"payload\"")
                && e.topic().equals("t");
    }

    /**
     * A reader racing one publisher. The event is stored with a CAS (release) after all its final
     * fields are written, and read with acquire, so a reader that finds it sees all of it.
     * {@code 1, 0} is forbidden: it would be a torn event, fields not yet visible.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "read before the event was stored: nothing yet")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "read the complete event")
    @Outcome(expect = FORBIDDEN, desc = "torn or misplaced event")
    @State
    public static class PublishVsRead {
        final RingLog ring = new RingLog("t", 4, 1, () -> { });

        @Actor
        public void publisher() {
            ring.append("typ", data(), 42);
        }

        @Actor
        public void reader(II_Result r) {
            List<Event> out = new ArrayList<>(1);
            int n = ring.read(0, 4, out);
            r.r1 = n;
            r.r2 = n == 1 && complete(out.get(0), 1) ? 1 : 0;
        }
    }

    /**
     * Two publishers claim ids 1 and 2 in either order; the second also reads from the start right
     * after its own append. It may read nothing (it holds id 2 and id 1 is not stored yet), or
     * from id 1 on, but never id 2 without id 1: a reader stops at the first id not yet stored,
     * so delivery order is id order. The arbiter checks that no publication was lost: both are
     * readable, in order, in the end. r1 = the reader's own id, r2 = how many it read,
     * r3 = the first id it read (0 for none), or -1 if the final state lost or tore an event.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "got id 1, read it; id 2 not yet stored")
    @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "got id 1, read both in order")
    @Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "got id 2, stopped at id 1 not yet stored")
    @Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "got id 2, read both in order")
    @Outcome(expect = FORBIDDEN, desc = "out of order (id 2 without id 1), torn, or a publication lost")
    @State
    public static class ReadersSeeIdOrderAcrossPublishers {
        final RingLog ring = new RingLog("t", 4, 1, () -> { });

        @Actor
        public void publisher() {
            ring.append("typ", data(), 42);
        }

        @Actor
        public void publisherThenReader(III_Result r) {
            r.r1 = (int) ring.append("typ", data(), 42).id();
            List<Event> out = new ArrayList<>(2);
            int n = ring.read(0, 4, out);
            r.r2 = n;
            r.r3 = n > 0 ? (int) out.get(0).id() : 0;
            for (int i = 0; i < n; i++) {
                if (!complete(out.get(i), i + 1)) {
                    r.r3 = -2;
                }
            }
        }

        @Arbiter
        public void arbiter(III_Result r) {
            List<Event> out = new ArrayList<>(2);
            int n = ring.read(0, 4, out);
            if (n != 2 || !complete(out.get(0), 1) || !complete(out.get(1), 2)) {
                r.r3 = -1;
            }
        }
    }

    /**
     * Three appends into a ring of two, from two threads: ids 1 and 3 share a slot. If the writer
     * of id 1 is delayed past the writer of id 3, it must not overwrite the newer event; the window
     * is then ids 2 and 3. Anything else is forbidden: a newer lap destroyed by an older one, or
     * an event lost.
     */
    @JCStressTest
    @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "the window holds ids 2 and 3")
    @Outcome(expect = FORBIDDEN, desc = "a delayed writer overwrote a newer lap, or an event was lost")
    @State
    public static class DelayedWriterNeverOverwritesANewerLap {
        final RingLog ring = new RingLog("t", 2, 1, () -> { });

        @Actor
        public void publisher1() {
            ring.append("typ", data(), 42);
        }

        @Actor
        public void publisher2() {
            ring.append("typ", data(), 42);
            ring.append("typ", data(), 42);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            List<Event> out = new ArrayList<>(2);
            int n = ring.read(ring.oldestId() - 1, 4, out);
            r.r1 = n;
            r.r2 = n > 0 ? (int) out.get(n - 1).id() : -1;
        }
    }
}
