package dev.ringcast.core;

import java.util.List;

/**
 * A sink for tests that care only about events: it takes every reset and ignores the close.
 * Override what a test observes.
 */
abstract class EventsOnlySink implements EventSink {

    @Override
    public abstract boolean onEvents(Subscription s, List<Event> events);

    @Override
    public boolean onReset(Subscription s, Reset reset) {
        return true;
    }

    @Override
    public void onClosed(Subscription s, CloseReason reason) {
    }
}
