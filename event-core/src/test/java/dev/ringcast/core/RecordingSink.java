package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every sink callback in order, so tests assert what a transport would have seen, the way
 * okhttp's EventSourceRecorder does. It can answer "not ready" to exercise back-pressure.
 */
class RecordingSink implements EventSink {

    sealed interface Callback permits Delivered, ResetSeen, Closed {
    }

    record Delivered(Event event) implements Callback {
    }

    record ResetSeen(Reset reset) implements Callback {
    }

    record Closed(CloseReason reason) implements Callback {
    }

    private final LinkedBlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger concurrentCalls = new AtomicInteger();
    final AtomicBoolean overlapped = new AtomicBoolean();
    volatile Subscription subscription;

    /** From now on, answer "not ready" after each call, as a full connection buffer would. */
    void stall() {
        ready.set(false);
    }

    /** Answer "ready" again and tell the hub, as a servlet's onWritePossible would. */
    void unstall() {
        ready.set(true);
        subscription.resume();
    }

    @Override
    public boolean onEvents(Subscription s, List<Event> events) {
        enter(s);
        try {
            batches.incrementAndGet();
            for (Event e : events) {
                callbacks.add(new Delivered(e));
            }
            return ready.get();
        } finally {
            concurrentCalls.decrementAndGet();
        }
    }

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        enter(s);
        try {
            callbacks.add(new ResetSeen(reset));
            return ready.get();
        } finally {
            concurrentCalls.decrementAndGet();
        }
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
        enter(s);
        try {
            callbacks.add(new Closed(reason));
        } finally {
            concurrentCalls.decrementAndGet();
        }
    }

    private void enter(Subscription s) {
        subscription = s;
        if (concurrentCalls.incrementAndGet() != 1) {
            overlapped.set(true);
        }
    }

    Callback next() {
        try {
            Callback c = callbacks.poll(5, TimeUnit.SECONDS);
            assertNotNull(c, "no callback within 5 s");
            return c;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Event nextEvent() {
        Callback c = next();
        if (c instanceof Delivered d) {
            return d.event();
        }
        return fail("expected an event, got " + c);
    }

    Reset nextReset() {
        Callback c = next();
        if (c instanceof ResetSeen r) {
            return r.reset();
        }
        return fail("expected a reset, got " + c);
    }

    CloseReason nextClose() {
        Callback c = next();
        if (c instanceof Closed r) {
            return r.reason();
        }
        return fail("expected onClosed, got " + c);
    }

    List<Event> nextEvents(int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(nextEvent());
        }
        return out;
    }

    /** Asserts that nothing more arrives within a short while. */
    void assertQuiet() {
        try {
            Callback c = callbacks.poll(200, TimeUnit.MILLISECONDS);
            if (c != null) {
                fail("expected nothing more, got " + c);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    void assertNoOverlap() {
        assertTrue(!overlapped.get(), "sink callbacks for one subscription overlapped");
    }

    static void assertIds(List<Event> events, long first) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(first + i, events.get(i).id(), "event " + i + " of " + events);
        }
    }
}
