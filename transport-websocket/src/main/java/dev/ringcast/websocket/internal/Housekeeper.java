package dev.ringcast.websocket.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one endpoint's open connections: a timer for keepalive ticks, and a few threads
 * for the session calls that JSR-356 makes blocking ({@code sendPing}, {@code close}), so that
 * neither a hub dispatch thread nor the timer ever waits on a peer.
 *
 * <p>Started by the first connection that opens and stopped when the last one ends: an endpoint
 * with no connection holds no thread, and there is nothing to close when the application stops
 * (the container ends the sessions, and with them these threads).
 *
 * <p>Thread-safe.
 */
public final class Housekeeper {

    private static final int IO_THREADS = 4;

    private final String name;
    private final AtomicInteger threadNumber = new AtomicInteger();

    // Guarded by this.
    private int users;
    private ScheduledThreadPoolExecutor timer;
    private ThreadPoolExecutor io;

    /** @param name a name for the threads, such as {@code ringcast-ws} */
    public Housekeeper(String name) {
        this.name = name;
    }

    /** A connection opened: start the threads if it is the first. */
    public synchronized void acquire() {
        if (users++ > 0) {
            return;
        }
        timer = new ScheduledThreadPoolExecutor(1, factory("timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        io = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory("io"));
        io.allowCoreThreadTimeOut(true);
    }

    /** A connection ended: stop the threads if it was the last. Tasks already handed to the io threads still run. */
    public synchronized void release() {
        if (users == 0 || --users > 0) {
            return;
        }
        timer.shutdownNow();
        io.shutdown();
        timer = null;
        io = null;
    }

    /**
     * @param task what to run
     * @param delayNanos when
     * @return its future, or null if no connection is open (the threads are stopped)
     */
    public synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timer == null ? null : timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @param task what to run
     * @param periodNanos how often, first after one period
     * @return its future, or null if no connection is open
     */
    public synchronized ScheduledFuture<?> every(Runnable task, long periodNanos) {
        return timer == null ? null : timer.scheduleWithFixedDelay(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs a blocking session call off the caller's thread; on the caller's thread if no
     * connection is open any more (the call then concerns a session that is ending anyway).
     *
     * @param task the call
     */
    public void execute(Runnable task) {
        ThreadPoolExecutor pool;
        synchronized (this) {
            pool = io;
        }
        if (pool != null) {
            try {
                pool.execute(task);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopped meanwhile: run it here
            }
        }
        task.run();
    }

    /** @return how many connections hold the threads */
    public synchronized int users() {
        return users;
    }

    private ThreadFactory factory(String role) {
        return r -> {
            Thread t = new Thread(r, name + "-" + role + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
