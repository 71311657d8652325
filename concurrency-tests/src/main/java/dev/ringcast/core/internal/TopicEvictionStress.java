package dev.ringcast.core.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ringcast.core.TopicConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** Evicting an idle topic against a publisher and against a reader that arrive at the same time. */
public final class TopicEvictionStress {

    private TopicEvictionStress() {
    }

    static Topic idleTopic() {
        return new Topic("t", TopicConfig.defaults(),
                (name, config, onAppend) -> new RingLog(name, config.ringCapacity(), 1, onAppend),
                new Dispatcher.Worker("jcstress-eviction"));
    }

    /**
     * A publisher appends to the topic and asks whether readers can reach its event (r1); the
     * evictor tries to evict the topic, which it may only do while it holds nothing (r2). Both
     * true would be an event stored in a topic nobody can read any more: lost. Both false would
     * be a publisher told to publish again to a replacement while its event stays readable here:
     * a duplicate.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the evictor saw the event and kept the topic")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "evicted first: the publisher publishes again elsewhere")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "lost: appended to a topic that was evicted")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "duplicate: kept, yet the publisher goes elsewhere")
    @State
    public static class PublishVersusEvict {
        final Topic topic = idleTopic();

        @Actor
        public void publisher(ZZ_Result r) {
            topic.log().append("typ", RingLogStress.data(), 42);
            r.r1 = topic.servesAppends();
        }

        @Actor
        public void evictor(ZZ_Result r) {
            r.r2 = topic.tryEvict();
        }
    }

    /**
     * A reader counts itself in (r1) while the evictor tries to evict the idle topic (r2). Both
     * true would be a subscription reading a topic that publishers no longer reach.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the reader came first: the topic is kept")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "evicted first: the reader takes the replacement")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "a reader on an evicted topic would miss every event")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "refused although the topic was kept")
    @State
    public static class ReaderVersusEvict {
        final Topic topic = idleTopic();

        @Actor
        public void reader(ZZ_Result r) {
            r.r1 = topic.acquire();
        }

        @Actor
        public void evictor(ZZ_Result r) {
            r.r2 = topic.tryEvict();
        }
    }
}
