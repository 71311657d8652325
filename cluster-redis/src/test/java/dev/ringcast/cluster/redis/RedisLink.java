package dev.ringcast.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's network path to Redis, that a test breaks: a loopback TCP proxy that can go
 * {@link #down()} (open connections are reset, new ones refused: Redis is unreachable from this
 * node only) and come {@link #up()} again on the same port, or {@link #stall()} (nothing flows from
 * Redis to the node, as for a node too slow to read, until {@link #unstall()}).
 *
 * <p>Threads: an acceptor and two per connection. Thread-safe.
 */
public final class RedisLink implements AutoCloseable {

    private final int target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object stallLock = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;
    private ServerSocket listener;
    private Thread acceptor;

    private RedisLink(int target) throws IOException {
        this.target = target;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        startAccepting();
    }

    /**
     * @param redisPort the port of the Redis to forward to
     * @return a link, up
     */
    public static RedisLink to(int redisPort) {
        try {
            return new RedisLink(redisPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a link to Redis", e);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    /** @return the Redis URI that goes through this link */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private synchronized void startAccepting() {
        ServerSocket l = listener;
        acceptor = new Thread(() -> {
            while (!l.isClosed()) {
                try {
                    Socket client = l.accept();
                    Socket upstream = new Socket();
                    upstream.setReceiveBufferSize(16 * 1024); // a stall backs up into Redis quickly
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(upstream, client, true);
                    pump(client, upstream, false);
                } catch (IOException e) {
                    // closed, or Redis refused: the client sees its connection end
                }
            }
        }, "redis-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to, boolean fromRedis) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    if (fromRedis) {
                        awaitUnstalled();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                reset(from);
                reset(to);
            }
        }, "redis-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitUnstalled() {
        synchronized (stallLock) {
            while (stalled && !closed) {
                try {
                    stallLock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void reset(Socket s) {
        sockets.remove(s);
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Resets every connection and refuses new ones: Redis is unreachable through the link. */
    public synchronized void down() {
        try {
            listener.close();
        } catch (IOException e) {
            // closed
        }
        for (Socket s : sockets) {
            reset(s);
        }
    }

    /** Accepts connections again, on the same port. */
    public synchronized void up() {
        try {
            listener = listen(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen again on port " + port, e);
        }
        startAccepting();
    }

    /** Stops passing what Redis sends, as a node too slow to read it would. */
    public void stall() {
        stalled = true;
    }

    /** Passes what Redis sends again. */
    public void unstall() {
        synchronized (stallLock) {
            stalled = false;
            stallLock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        unstall();
        down();
    }
}
