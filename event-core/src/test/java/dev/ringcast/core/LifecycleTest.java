package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

class LifecycleTest {

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    @Test
    void shouldStartItsThreadsWhenBuiltAndLeaveNoneBehindAfterClose() {
        EventHub hub = EventHub.builder().dispatchThreads(3).threadNamePrefix("lifecycle-test-").build();
        assertEquals(3, threadsNamed("lifecycle-test-"));
        RecordingSink sink = new RecordingSink();
        hub.subscribe("t", Position.live(), sink);
        hub.publish("t", "e", 1);
        sink.nextEvent();
        hub.close();
        assertEquals(0, threadsNamed("lifecycle-test-"), "no dispatch thread survives close()");
        assertEquals(0, hub.liveDispatchThreads());
    }

    @Test
    void shouldEndEverySubscriptionWithAReasonOnClose() {
        EventHub hub = EventHub.builder().build();
        List<RecordingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RecordingSink s = new RecordingSink();
            hub.subscribe("t" + (i % 3), Position.live(), s);
            sinks.add(s);
        }
        hub.close();
        for (RecordingSink s : sinks) {
            CloseReason r = s.nextClose();
            assertEquals(CloseReason.Kind.HUB_CLOSED, r.kind());
            s.assertQuiet();
        }
        assertEquals(0, hub.subscriptionCount());
        assertTrue(hub.isClosed());
        hub.close(); // idempotent
    }

    @Test
    void shouldRefusePublishAndSubscribeAfterClose() {
        EventHub hub = EventHub.builder().build();
        hub.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hub.publish("t", "e", 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> hub.subscribe("t", Position.live(), new RecordingSink()));
    }

    @Test
    void shouldCallOnClosedOnceAndForgetTheSubscriptionWhenCancelled() {
        try (EventHub hub = EventHub.builder().build()) {
            RecordingSink sink = new RecordingSink();
            Subscription s = hub.subscribe("t", Position.live(), sink);
            s.cancel();
            s.cancel();
            assertEquals(CloseReason.Kind.CANCELLED, sink.nextClose().kind());
            assertTrue(s.isClosed());
            hub.publish("t", "e", 1);
            sink.assertQuiet();
            assertEquals(0, hub.subscriptionCount());
        }
    }

    @Test
    void shouldLeaveNoSubscriptionBehindAfterManySubscribeCancelCycles() throws InterruptedException {
        try (EventHub hub = EventHub.builder().build()) {
            for (int i = 0; i < 1000; i++) {
                Subscription s = hub.subscribe("churn", Position.live(), new RecordingSink());
                if (i % 10 == 0) {
                    hub.publish("churn", "e", i);
                }
                s.cancel();
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (hub.subscriptionCount() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, hub.subscriptionCount());
        }
    }

    @Test
    void shouldCloseEverySubscriptionThatRacesWithCloseExactlyOnce() throws Exception {
        // A subscribe that passed the hub's "open?" check just as close() ran used to be registered
        // after close() had ended the others and stopped the workers: it never got onClosed.
        for (int round = 0; round < 300; round++) {
            EventHub hub = EventHub.builder().dispatchThreads(1).threadNamePrefix("race-test-").build();
            List<CountingCloses> subscribed = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            Thread subscriber = new Thread(() -> {
                try {
                    go.await();
                    for (;;) {
                        CountingCloses sink = new CountingCloses();
                        hub.subscribe("t", Position.live(), sink);
                        subscribed.add(sink);
                    }
                } catch (IllegalStateException closed) {
                    // the hub is closed: the race is over
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            subscriber.start();
            go.countDown();
            Thread.sleep(0, round * 1000);
            hub.close();
            subscriber.join(10_000);
            for (CountingCloses sink : subscribed) {
                assertTrue(sink.closed.await(5, TimeUnit.SECONDS), "round " + round + ": a subscription that "
                        + "subscribe returned never got onClosed (of " + subscribed.size() + ")");
                assertEquals(1, sink.closes.get(), "onClosed exactly once");
            }
            assertEquals(0, hub.subscriptionCount(), "round " + round);
        }
    }

    private static final class CountingCloses extends EventsOnlySink {
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    @Test
    void shouldNotSpinWhenASinkInterruptsItsDispatchThread() throws Exception {
        try (EventHub hub = EventHub.builder().dispatchThreads(1).threadNamePrefix("interrupt-test-").build()) {
            CountDownLatch delivered = new CountDownLatch(2);
            hub.subscribe("t", Position.live(), new EventsOnlySink() {
                @Override
                public boolean onEvents(Subscription s, List<Event> events) {
                    Thread.currentThread().interrupt(); // a sink doing what it should not
                    events.forEach(e -> delivered.countDown());
                    return true;
                }
            });
            hub.publish("t", "e", 1);
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("interrupt-test-")).findFirst().orElseThrow();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Thread.sleep(100); // the worker is idle now, with its interrupt flag set by the sink
            long cpuBefore = threads.getThreadCpuTime(worker.getId());
            long wallBefore = System.nanoTime();
            Thread.sleep(500);
            long cpu = threads.getThreadCpuTime(worker.getId()) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            assertTrue(cpu < wall / 5, "an idle dispatch thread used " + cpu / 1_000_000 + " ms of CPU in "
                    + wall / 1_000_000 + " ms: it spins instead of parking");
            hub.publish("t", "e", 2);
            assertTrue(delivered.await(5, TimeUnit.SECONDS), "the worker still delivers after the interrupt");
        }
    }
}
