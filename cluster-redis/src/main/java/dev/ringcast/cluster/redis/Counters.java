package dev.ringcast.cluster.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link RedisLogMetrics}. Thread-safe. */
final class Counters {
    final LongAdder appends = new LongAdder();
    final LongAdder liveMessages = new LongAdder();
    final LongAdder syncs = new LongAdder();
    final LongAdder backfills = new LongAdder();
    final LongAdder backfillReads = new LongAdder();
    final LongAdder gapFills = new LongAdder();
    final LongAdder gapReads = new LongAdder();
    final LongAdder epochChanges = new LongAdder();
    final LongAdder resubscriptions = new LongAdder();
    final LongAdder failedReads = new LongAdder();

    RedisLogMetrics snapshot() {
        return new RedisLogMetrics(appends.sum(), liveMessages.sum(), syncs.sum(), backfills.sum(),
                backfillReads.sum(), gapFills.sum(), gapReads.sum(), epochChanges.sum(), resubscriptions.sum(),
                failedReads.sum());
    }
}
