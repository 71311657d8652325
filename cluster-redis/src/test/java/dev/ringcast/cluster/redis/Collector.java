package dev.ringcast.cluster.redis;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A sink that keeps what it was given, in order: events and resets, as one client would see them. */
final class Collector implements EventSink {

    private final List<Object> received = new ArrayList<>();
    private volatile CloseReason closed;

    @Override
    public synchronized boolean onEvents(Subscription s, List<Event> batch) {
        received.addAll(batch);
        return true;
    }

    @Override
    public synchronized boolean onReset(Subscription s, Reset reset) {
        received.add(reset);
        return true;
    }

    @Override
    public void onClosed(Subscription s, CloseReason why) {
        closed = why;
    }

    synchronized List<Event> events() {
        return received.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    synchronized List<Long> ids() {
        return events().stream().map(Event::id).toList();
    }

    synchronized List<Reset> resets() {
        return received.stream().filter(Reset.class::isInstance).map(Reset.class::cast).toList();
    }

    /** Events and resets in the order they came. */
    synchronized List<Object> all() {
        return List.copyOf(received);
    }

    /**
     * Asserts that the client was never moved silently: ids follow each other by one (ids are
     * consecutive within a history), and wherever they do not, a reset came first naming the id
     * the stream continues from.
     */
    synchronized void assertNoSilentGap() {
        long last = -1;
        long expected = -1;
        for (Object o : received) {
            if (o instanceof Reset r) {
                expected = r.oldestId();
                continue;
            }
            long id = ((Event) o).id();
            if (expected >= 0) {
                if (id != expected) {
                    throw new AssertionError("after a reset to " + expected + " the stream went on at " + id);
                }
            } else if (last >= 0 && id != last + 1) {
                throw new AssertionError("silent gap: " + last + " then " + id + " without a reset");
            }
            expected = -1;
            last = id;
        }
    }

    CloseReason closed() {
        return closed;
    }

    Collector awaitEvents(int count) {
        await(() -> events().size() >= count, () -> "expected " + count + " events, got " + events().size()
                + " (resets: " + resets() + ")");
        return this;
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
