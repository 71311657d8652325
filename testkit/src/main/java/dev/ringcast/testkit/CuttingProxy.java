package dev.ringcast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that kills its connections the way a network does: without warning.
 * It listens on a free port of 127.0.0.1 and forwards raw bytes both ways to a target, so HTTP,
 * Server-Sent Events and WebSocket all pass through unchanged. Each connection can be given a
 * random lifetime, after which it is <b>cut</b>: both of its sockets are closed with
 * {@code SO_LINGER} 0, so each endpoint gets a TCP reset, never a WebSocket close frame, a
 * chunked-encoding terminator or a graceful FIN. Whatever was still in the proxy or in a socket
 * buffer is lost, as on a real network failure.
 *
 * <pre>{@code
 * try (CuttingProxy proxy = CuttingProxy.to(server.port())
 *         .lifetime(Duration.ofSeconds(1), Duration.ofSeconds(2)).start()) {
 *     URI sse = proxy.uri().resolve("sse?topic=orders");   // every stream dies after 1 to 2 s
 *     ...
 *     assertTrue(proxy.cuts() >= 3, "connections cut: " + proxy.cuts());
 * }
 * }</pre>
 *
 * <p>Without {@link Builder#lifetime} connections live until {@link #cutAll()}, for deterministic
 * scenarios (cut the stream right after it opened, then publish). A graceful close by either
 * endpoint (FIN) is passed on as such, and a reset as a reset; those are not counted as cuts.
 *
 * <p>{@link Builder#latency} delays every byte by a fixed time, as a long path does, so that
 * more is in flight, and lost, at each cut.
 *
 * <p>Threads: an acceptor, one timer, and two forwarding threads per open connection (four with
 * a latency; blocking I/O, named {@code ringcast-cutting-proxy-N-*}). {@link #close()} cuts what
 * is open and returns once every one of them has ended. Every method is thread-safe.
 */
public final class CuttingProxy implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long CHECK_INTERVAL_MILLIS = 20;

    private final String name;
    private final InetSocketAddress target;
    private final Duration minLifetime;
    private final Duration maxLifetime;
    private final Duration latency;
    private final Random random;
    private final ServerSocket listener;
    private final ScheduledThreadPoolExecutor timer;
    private final Thread acceptor;

    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicInteger linkNumbers = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CuttingProxy(Builder b) throws IOException {
        this.name = "ringcast-cutting-proxy-" + INSTANCES.incrementAndGet();
        this.target = new InetSocketAddress(b.host, b.port);
        this.minLifetime = b.minLifetime;
        this.maxLifetime = b.maxLifetime;
        this.latency = b.latency;
        this.random = b.seed == null ? new Random() : new Random(b.seed);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts building a proxy to a port of 127.0.0.1.
     *
     * @param port the target's port, such as a test server's
     * @return a builder
     */
    public static Builder to(int port) {
        return to(InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /**
     * Starts building a proxy to a host and port.
     *
     * @param host the target's host name or address
     * @param port the target's port
     * @return a builder
     */
    public static Builder to(String host, int port) {
        return new Builder(host, port);
    }

    /** @return the port it listens on, on 127.0.0.1 */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return its base URI, {@code http://127.0.0.1:PORT/}; use {@code ws://} with {@link #port()} for WebSocket */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** @return how many connections it has accepted so far */
    public long connections() {
        return connections.get();
    }

    /** @return how many connections it has cut so far, at the end of their lifetime or by {@link #cutAll()} (not by {@link #close()}) */
    public long cuts() {
        return cuts.get();
    }

    /** @return how many connections are open through it now */
    public int openConnections() {
        return links.size();
    }

    /**
     * Cuts every connection open right now: both its sockets are reset, without any close frame
     * or FIN. Connections accepted afterwards are not affected.
     *
     * @return how many were cut
     */
    public int cutAll() {
        int n = 0;
        for (Link link : List.copyOf(links)) {
            if (link.abort(true)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Stops listening, resets every open connection and waits for all of its threads to end.
     * Idempotent.
     *
     * @throws IllegalStateException if a thread is still alive after 10 s, naming it
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listening socket does not fail in practice; the acceptor ends either way
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            // The acceptor first, so that no link is added while the others are reset.
            acceptor.join(remainingMillis(deadline));
            for (Link link : List.copyOf(links)) {
                link.abort(false);
            }
            timer.shutdownNow();
            for (Thread t : List.copyOf(threads)) {
                t.join(remainingMillis(deadline));
            }
            timer.awaitTermination(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> all = new ArrayList<>(threads);
        all.add(acceptor);
        List<String> alive = all.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!alive.isEmpty()) {
            throw new IllegalStateException(name + ": threads still alive " + STOP_TIMEOUT.toSeconds()
                    + " s after close: " + alive);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private CuttingProxy begin() {
        acceptor.start();
        return this;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                reset(client);
                reset(upstream);
                continue;
            }
            Link link = new Link(client, upstream, linkNumbers.incrementAndGet());
            links.add(link);
            if (closed.get()) { // close() may have looked at the links before this one was added
                link.abort(false);
                continue;
            }
            link.start();
            if (maxLifetime != null) {
                long min = minLifetime.toNanos();
                long span = maxLifetime.toNanos() - min;
                long lifetime = min + (span == 0 ? 0 : (long) (random.nextDouble() * span));
                link.cutTask = timer.schedule(() -> link.abort(true), lifetime, TimeUnit.NANOSECONDS);
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // the socket is broken already: closing it is all that is left
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    /** Bytes read from one side, to be written to the other at {@code dueNanos}; null bytes for the end. */
    private record Chunk(long dueNanos, byte[] bytes) {
    }

    /** One proxied connection: the client's socket, the target's socket and their pumps. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final int number;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicInteger halfClosed = new AtomicInteger();
        volatile java.util.concurrent.Future<?> cutTask;

        Link(Socket client, Socket upstream, int number) {
            this.client = client;
            this.upstream = upstream;
            this.number = number;
        }

        void start() {
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            if (latency.isZero()) {
                spawn(direction, () -> forward(from, to));
            } else {
                BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
                spawn(direction, () -> read(from, inFlight));
                spawn(direction + "-delayed", () -> writeWhenDue(inFlight, to));
            }
        }

        private void spawn(String role, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } finally {
                    threads.remove(Thread.currentThread());
                }
            }, name + "-" + number + "-" + role);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void forward(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
                halfClose(to);
            } catch (IOException e) {
                // A reset or a failed write on one side: pass it on as a reset (or the link was cut).
                abort(false);
            }
        }

        /** With a latency: reads as bytes come, each chunk to be written {@code latency} later. */
        private void read(Socket from, BlockingQueue<Chunk> inFlight) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    inFlight.add(new Chunk(System.nanoTime() + latency.toNanos(), Arrays.copyOf(buffer, n)));
                }
                inFlight.add(new Chunk(System.nanoTime() + latency.toNanos(), null));
            } catch (IOException e) {
                abort(false); // what is still in flight is lost with the connection
            }
        }

        private void writeWhenDue(BlockingQueue<Chunk> inFlight, Socket to) {
            try {
                OutputStream out = to.getOutputStream();
                while (!ended.get()) {
                    Chunk chunk = inFlight.poll(CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                    if (chunk == null) {
                        continue;
                    }
                    for (long wait; (wait = chunk.dueNanos - System.nanoTime()) > 0 && !ended.get(); ) {
                        LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MILLIS)));
                    }
                    if (ended.get()) {
                        return;
                    }
                    if (chunk.bytes == null) {
                        halfClose(to);
                        return;
                    }
                    out.write(chunk.bytes);
                }
            } catch (IOException e) {
                abort(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(false);
            }
        }

        /** A graceful end (FIN) from one side is passed on as a FIN; after both, the link is closed. */
        private void halfClose(Socket to) throws IOException {
            to.shutdownOutput();
            if (halfClosed.incrementAndGet() == 2) {
                end();
            }
        }

        /** Closes both sockets after both directions ended gracefully. */
        private void end() {
            if (ended.compareAndSet(false, true)) {
                links.remove(this);
                cancelCut();
                try {
                    client.close();
                } catch (IOException e) {
                    // released either way
                }
                try {
                    upstream.close();
                } catch (IOException e) {
                    // released either way
                }
            }
        }

        /** Resets both sockets; returns false if the link had ended already. */
        boolean abort(boolean countAsCut) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            links.remove(this);
            cancelCut();
            if (countAsCut) {
                cuts.incrementAndGet(); // before the resets: whoever sees a reset then sees the count
            }
            reset(client);
            reset(upstream);
            return true;
        }

        private void cancelCut() {
            java.util.concurrent.Future<?> task = cutTask;
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /** Configures a {@link CuttingProxy}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Duration minLifetime;
        private Duration maxLifetime;
        private Duration latency = Duration.ZERO;
        private Long seed;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("target port " + port + " is invalid: use 1 to 65535");
            }
            this.port = port;
        }

        /**
         * Cuts every connection after a lifetime drawn uniformly from {@code [min, max]}, counted
         * from when it was accepted. Without this, connections are cut only by {@link CuttingProxy#cutAll()}.
         *
         * @param min the shortest lifetime, positive
         * @param max the longest lifetime, at least {@code min}
         * @return this builder
         */
        public Builder lifetime(Duration min, Duration max) {
            if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("lifetime from " + min + " to " + max
                        + " is invalid: give a positive minimum and a maximum at least as long");
            }
            this.minLifetime = min;
            this.maxLifetime = max;
            return this;
        }

        /**
         * Holds every chunk of bytes for {@code delay} before passing it on, in each direction,
         * as a long or congested path does: the bytes in flight when a connection is cut (the
         * data rate times the delay) are lost with it, so a sender's "sent" is further from the
         * receiver's "received". Throughput is not limited. Default zero: bytes pass at once.
         *
         * @param delay the one-way delay, zero or positive
         * @return this builder
         */
        public Builder latency(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("latency " + delay + " is invalid: give zero or a positive duration");
            }
            this.latency = delay;
            return this;
        }

        /**
         * @param value the seed of the lifetimes' random draws, to repeat a run's sequence of lifetimes
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Starts listening and forwarding.
         *
         * @return the running proxy
         * @throws java.io.UncheckedIOException if no port could be bound
         */
        public CuttingProxy start() {
            try {
                return new CuttingProxy(this).begin();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the proxy could not listen on 127.0.0.1: " + e.getMessage(), e);
            }
        }
    }
}
