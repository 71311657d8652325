package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
