package dev.ringcast.core.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.TypeFilter;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** The park/wake protocol between a publisher and a subscription that has read to the head. */
public final class TopicWakeStress {

    private TopicWakeStress() {
    }

    static final EventSink NO_SINK = new EventSink() {
        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            return true;
        }

        @Override
        public boolean onReset(Subscription s, Reset reset) {
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
        }
    };

    /**
     * The publisher stores an event and then checks for parked subscriptions (r1: it scheduled
     * the waker); the subscription parks and then checks the slot after its cursor (r2: it saw
     * the event). Both are store-then-load on volatile locations, so at least one side sees the
     * other. {@code false, false} is forbidden: the subscription would sleep with an event
     * waiting, a lost wake-up.
     */
    @JCStressTest
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both saw each other; one wake is spurious")
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the publisher wakes the parked subscription")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the subscription sees the event and wakes itself")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "lost wake-up: parked with an event waiting")
    @State
    public static class ParkVersusPublish {
        // A worker whose thread is never started: its queue records what was scheduled.
        final Dispatcher.Worker worker = new Dispatcher.Worker("jcstress-worker");
        final Topic topic = new Topic("t", TopicConfig.defaults(),
                (name, config, onAppend) -> new RingLog(name, config.ringCapacity(), 1, onAppend), worker);
        final RealSubscription subscription = new RealSubscription(1, NO_SINK, worker, 16, 1 << 20,
                TypeFilter.all(), new HubCounters(), s -> { }, name -> null);
        final TopicCursor cursor = new TopicCursor(topic, subscription, 0);

        @Actor
        public void publisher(ZZ_Result r) {
            topic.log().append("typ", RingLogStress.data(), 42);
            r.r1 = worker.hasQueuedTasks();
        }

        @Actor
        public void subscriber(ZZ_Result r) {
            topic.park(cursor);
            r.r2 = topic.log().hasReadableAfter(cursor.lvPosition());
        }
    }

    /**
     * The same protocol when the subscription's park is the offer that fills the parked queue's
     * chunk and links a new one, while a waker run drains the queue. The queue starts with a
     * chunk's worth of parked cursors but one; the publisher's thread first runs the waker (it
     * drains them, and the subscription's cursor if it is already in), then publishes. While an
     * offer links a chunk the queue's producer index is odd, and a check of the queue's own
     * {@code isEmpty()} can read "empty" just then; the topic counts parked cursors itself so that
     * the publisher never reads that. r1: the publisher scheduled the waker; r2: the subscription
     * saw the event; r3: the waker run woke the subscription. {@code false, false, false} is
     * forbidden: the subscription would sleep with an event waiting.
     */
    @JCStressTest
    @Outcome(id = "false, false, false", expect = FORBIDDEN, desc = "lost wake-up: parked with an event waiting")
    @Outcome(expect = ACCEPTABLE, desc = "someone sees the other: the subscription is woken or wakes itself")
    @State
    public static class ParkThatLinksAChunkVersusDrainAndPublish {
        final Dispatcher.Worker wakerWorker = new Dispatcher.Worker("jcstress-waker");
        final Dispatcher.Worker subscriptionWorker = new Dispatcher.Worker("jcstress-subscription");
        final Topic topic = new Topic("t", TopicConfig.defaults(),
                (name, config, onAppend) -> new RingLog(name, config.ringCapacity(), 1, onAppend), wakerWorker);
        final RealSubscription subscription = new RealSubscription(1, NO_SINK, subscriptionWorker, 16, 1 << 20,
                TypeFilter.all(), new HubCounters(), s -> { }, name -> null);
        final TopicCursor cursor = new TopicCursor(topic, subscription, 0);

        public ParkThatLinksAChunkVersusDrainAndPublish() {
            Dispatcher.Worker others = new Dispatcher.Worker("jcstress-others");
            for (int i = 0; i < Topic.PARKED_CHUNK - 1; i++) {
                RealSubscription other = new RealSubscription(2 + i, NO_SINK, others, 16, 1 << 20,
                        TypeFilter.all(), new HubCounters(), s -> { }, name -> null);
                topic.park(new TopicCursor(topic, other, 0));
            }
        }

        @Actor
        public void publisher(ZZZ_Result r) {
            topic.wakeParked();
            r.r3 = subscriptionWorker.hasQueuedTasks();
            topic.log().append("typ", RingLogStress.data(), 42);
            r.r1 = wakerWorker.hasQueuedTasks();
        }

        @Actor
        public void subscriber(ZZZ_Result r) {
            topic.park(cursor);
            r.r2 = topic.log().hasReadableAfter(cursor.lvPosition());
        }
    }
}
