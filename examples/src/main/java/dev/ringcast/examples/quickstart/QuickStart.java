package dev.ringcast.examples.quickstart;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publishes and subscribes in one process and prints each delivery with its id: a live
 * subscriber, a subscriber that resumes from a middle id (as a reconnecting client would), and
 * one whose id is older than the ring retains, which is told so by a reset signal.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Prints each callback as it arrives and counts the deliveries down. */
    static final class PrintingSink implements EventSink {
        private final String name;
        private final PrintStream out;
        private final CountDownLatch remaining;

        PrintingSink(String name, PrintStream out, int expected) {
            this.name = name;
            this.out = out;
            this.remaining = new CountDownLatch(expected);
        }

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            for (Event e : events) {
                out.printf("%-8s id=%d type=%s data=%s%n", name, e.id(), e.type(), e.dataJson());
                remaining.countDown();
            }
            return true;
        }

        @Override
        public boolean onReset(Subscription s, Reset r) {
            out.printf("%-8s RESET: asked for events after id=%d, the oldest still available is id=%d (%s)%n",
                    name, r.requestedId(), r.oldestId(), r.cause());
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
        }

        boolean await() throws InterruptedException {
            return remaining.await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the walkthrough.
     *
     * @param out where to print
     * @return true if every subscriber got what it should
     * @throws InterruptedException if interrupted while waiting for deliveries
     */
    public static boolean run(PrintStream out) throws InterruptedException {
        try (EventHub hub = EventHub.builder().ringCapacity(8).build()) {
            PrintingSink live = new PrintingSink("live", out, 6);
            Subscription liveSubscription = hub.subscribe("orders", Position.live(), live);

            long[] ids = new long[6];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = hub.publish("orders", "order.created", Map.of("order", i + 1, "item", "tea")).id();
                out.printf("publish  id=%d%n", ids[i]);
            }
            boolean ok = live.await();

            out.printf("%n-- a client that saw id=%d reconnects and resumes --%n", ids[2]);
            PrintingSink resumed = new PrintingSink("resumed", out, 3);
            Subscription resumedSubscription = hub.subscribe("orders", Position.after(ids[2]), resumed);
            ok &= resumed.await();
            liveSubscription.cancel(); // both clients go away; what follows concerns a third one
            resumedSubscription.cancel();

            for (int i = 0; i < 10; i++) {
                hub.publish("orders", "order.created", Map.of("order", 7 + i, "item", "cake"));
            }
            out.printf("%n-- 10 more published; the ring keeps the last 8; a client that saw id=%d resumes --%n", ids[1]);
            PrintingSink stale = new PrintingSink("stale", out, 8);
            hub.subscribe("orders", Position.after(ids[1]), stale);
            ok &= stale.await();
            out.printf("%n%s%n", hub.metrics());
            return ok;
        }
    }

    /**
     * Entry point.
     *
     * @param args none
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        if (!run(System.out)) {
            System.err.println("some deliveries did not arrive within 10 s");
            System.exit(1);
        }
    }
}
