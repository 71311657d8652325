package dev.ringcast.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * The small pool that drains woken subscriptions: a fixed set of worker threads, each with its
 * own multi-producer single-consumer run queue. A subscription is bound to one worker for life,
 * so its drains run in order on one thread and need no lock. A subscription to one topic is
 * bound to the worker that runs its topic's waker, which drains it in the same sweep (see
 * {@code Topic.wakeParked}): a topic's fan-out is one thread walking its subscribers, with no
 * queueing or hand-off per subscriber, and topics are spread over the workers by name. Other
 * subscriptions are bound round-robin.
 *
 * <p>A worker with nothing to run parks (no spinning) and is unparked by the next
 * {@link Worker#execute}. Threads are started by the constructor and stopped by {@link #close}.
 * Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final Worker[] workers;
    private final AtomicInteger nextWorker = new AtomicInteger();

    /**
     * Starts the workers.
     *
     * @param threads how many, at least 1
     * @param namePrefix the threads' names are this plus an index
     */
    public Dispatcher(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("dispatch threads " + threads + " is invalid: use at least 1");
        }
        workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(namePrefix + i);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** @return the next worker in round-robin order, to bind a new subscription to */
    public Worker nextWorker() {
        return workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    }

    /**
     * @param key any int, such as a topic name's hash
     * @return the worker that key maps to
     */
    public Worker workerFor(int key) {
        return workers[Math.floorMod(key, workers.length)];
    }

    /** @return how many workers are running and not yet stopped */
    public int liveThreads() {
        int n = 0;
        for (Worker w : workers) {
            n += w.thread.isAlive() ? 1 : 0;
        }
        return n;
    }

    /**
     * Asks every worker to stop once its queue is empty, and waits for them.
     *
     * @param timeout how long to wait in total
     * @param unit its unit
     * @return true if every worker stopped in time
     */
    public boolean close(long timeout, TimeUnit unit) {
        for (Worker w : workers) {
            w.stopping = true;
            LockSupport.unpark(w.thread);
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return liveThreads() == 0;
    }

    @Override
    public void close() {
        close(10, TimeUnit.SECONDS);
    }

    /** One worker thread and its run queue. */
    public static final class Worker implements Runnable {

        // Written by any thread (offer), read by the worker.
        private final MpscUnboundedArrayQueue<Runnable> queue = new MpscUnboundedArrayQueue<>(256);
        // Written by the worker, read by submitters to decide whether to unpark it.
        private volatile boolean sleeping;
        // Written once by close().
        private volatile boolean stopping;
        // Owned by the worker thread.
        private boolean warnedInterrupt;
        private final Thread thread;
        // Scratch lists for the drains this worker runs, one at a time: a subscription keeps no
        // buffer of its own, so 10,000 idle subscriptions do not hold 10,000 batch-sized arrays.
        final java.util.ArrayList<dev.ringcast.core.Event> batch = new java.util.ArrayList<>();
        final java.util.ArrayList<dev.ringcast.core.Event> readBuffer = new java.util.ArrayList<>();

        Worker(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        /**
         * Runs {@code task} on this worker, after the tasks already queued. Never blocks.
         *
         * @param task the task; exceptions it throws are logged and do not stop the worker
         */
        public void execute(Runnable task) {
            queue.offer(task);
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        /** @return true if tasks are queued and not yet taken (approximate under concurrency) */
        boolean hasQueuedTasks() {
            return !queue.isEmpty();
        }

        /** @return true when called from this worker's thread */
        public boolean inWorkerThread() {
            return Thread.currentThread() == thread;
        }

        @Override
        public void run() {
            for (;;) {
                Runnable task = queue.poll();
                if (task != null) {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.ERROR, "dispatch task failed; the worker goes on", t);
                    }
                    continue;
                }
                if (stopping) {
                    return;
                }
                sleeping = true;
                // Re-check after announcing sleep: a submitter that missed "sleeping" has already
                // made its task visible here (see the wake-up protocol in package-info).
                if (queue.isEmpty() && !stopping) {
                    // park() returns at once while the interrupt flag is set: a task (a sink) that
                    // interrupted this thread would make it spin. Nothing here is interruptible work,
                    // so clear the flag and say so once.
                    if (Thread.interrupted() && !warnedInterrupt) {
                        warnedInterrupt = true;
                        LOG.log(System.Logger.Level.WARNING, "dispatch thread " + thread.getName()
                                + " was interrupted (by a sink?); the interrupt is ignored: stop a hub with close()");
                    }
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        }
    }
}
