package dev.ringcast.cluster.redis;

/**
 * Runs the logs' deferred work: the short wait that gathers concurrent backfill requests into
 * one, gap checks, retries, and the completions of Redis reads (so that they never run on the
 * client's I/O threads while holding a log's lock).
 */
interface Scheduler {

    /**
     * @param task what to run; it must not throw
     * @param delayMillis after how long, 0 for as soon as possible
     */
    void schedule(Runnable task, long delayMillis);
}
