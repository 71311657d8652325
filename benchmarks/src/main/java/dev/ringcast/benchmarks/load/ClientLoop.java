package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One selector thread driving many {@link ClientConnection}s: no thread per connection. It opens
 * its connections a few at a time (at most {@link #MAX_CONNECTING} handshakes in flight, so the
 * server's accept queue never overflows), then reads whatever is ready, and records every
 * delivery's publish-to-receive latency in its own {@link Histogram}.
 *
 * <p>Threads: {@link #add} before {@link #start}, from the thread that starts it. The counters
 * ({@link #deliveries}, {@link #readyCount}, {@link #failedCount}) may be read from any thread at
 * any time. {@link #latency}, {@link #connections} and {@link #lastDeliveryNanos} may be read
 * once {@link #stop} has returned: the loop thread has ended, so everything it wrote is visible.
 */
final class ClientLoop implements Runnable {

    /** Connections opened but not yet answered, per loop. */
    static final int MAX_CONNECTING = 64;

    /** The largest latency recorded; anything slower is recorded as this. */
    static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    // Owned by the loop thread (and by the starting thread before start()).
    private final List<ClientConnection> connections = new ArrayList<>();
    private final ArrayDeque<ClientConnection> toOpen = new ArrayDeque<>();
    private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    private int connecting;
    private long lastDeliveryNanos;

    // Written by the loop thread, read by any.
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile String firstFailure;

    private volatile boolean stopping;

    ClientLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /** @param connection a connection to open once the loop runs */
    void add(ClientConnection connection) {
        connections.add(connection);
        toOpen.add(connection);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                while (connecting < MAX_CONNECTING && !toOpen.isEmpty()) {
                    connecting++;
                    toOpen.poll().open();
                }
                selector.select(50);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    ((ClientConnection) key.attachment()).onSelected(key, readBuffer);
                }
            }
        } catch (IOException | RuntimeException e) {
            firstFailure = "client loop " + thread.getName() + " died: " + e;
            failed.incrementAndGet();
        } finally {
            connections.forEach(ClientConnection::close);
            try {
                selector.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
    }

    /** Stops the loop, closes its connections and waits for its thread to end. */
    void stop() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Selector selector() {
        return selector;
    }

    boolean stopping() {
        return stopping;
    }

    void onReady(ClientConnection connection) {
        connecting--;
        ready.incrementAndGet();
    }

    void onFailed(ClientConnection connection, String why) {
        if (!connection.isReady()) {
            connecting--;
        }
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = why;
        }
    }

    void onReconnect() {
        reconnects.incrementAndGet();
    }

    void onDelivery(long sentNanos, long receivedNanos) {
        deliveries.lazySet(deliveries.get() + 1); // one writer: this thread
        lastDeliveryNanos = receivedNanos;
        if (sentNanos != Long.MIN_VALUE) {
            latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, receivedNanos - sentNanos)));
        }
    }

    long deliveries() {
        return deliveries.get();
    }

    int readyCount() {
        return ready.get();
    }

    int failedCount() {
        return failed.get();
    }

    int reconnectCount() {
        return reconnects.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    Histogram latency() {
        return latency;
    }

    List<ClientConnection> connections() {
        return connections;
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }
}
