package dev.ringcast.core.log;

import dev.ringcast.contract.EventLogContract;
import dev.ringcast.core.TopicConfig;
import dev.ringcast.core.internal.RingLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** The event log contract, run against the in-memory ring. */
class RingLogContractTest extends EventLogContract {

    @Override
    protected Store newStore() {
        // A restart is a later start: the clock jumps a second ahead, as a real restart's would.
        AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
        InstantSource clock = () -> Instant.now().plus(skew.get());
        EventLogFactory rings = RingLog.factory(clock);
        return new Store() {
            @Override
            public EventLog open(int node, String topic, int retained, Runnable onAppend) {
                TopicConfig config = TopicConfig.defaults().withRingCapacity(retained);
                return rings.open(topic, config, onAppend);
            }

            @Override
            public int nodes() {
                return 1;
            }

            @Override
            public void restart() {
                skew.updateAndGet(d -> d.plusSeconds(1));
            }

            @Override
            public void close() {
            }
        };
    }
}
