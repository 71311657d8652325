package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client connection driven by a {@link ClientLoop}'s selector: a small state machine that
 * connects, writes an HTTP/1.1 request, parses the response head and then the body as it arrives
 * ({@code chunked}, sized, or until the server closes), and hands the body to its protocol. A
 * connection the server drops is reopened, resuming after the last id it received, up to
 * {@link #MAX_RECONNECTS} times.
 *
 * <p>Not thread-safe: every method runs on its loop's thread.
 */
abstract class ClientConnection implements ChunkedDecoder.Sink {

    /** How often a dropped connection is reopened before it counts as failed. */
    static final int MAX_RECONNECTS = 3;

    final ClientLoop loop;
    final LoadTarget target;
    final DeliveryCheck check;

    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer pendingOut;

    private final HttpResponseHead head = new HttpResponseHead();
    private final ChunkedDecoder chunked = new ChunkedDecoder();
    private boolean chunkedBody;
    private long bodyRemaining;
    private boolean raw;

    private boolean ready;
    private boolean failed;
    private int reconnects;

    ClientConnection(ClientLoop loop, LoadTarget target) {
        this.loop = loop;
        this.target = target;
        this.check = new DeliveryCheck(target.baseId());
    }

    /** Opens the socket and starts connecting. */
    final void open() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(new InetSocketAddress(target.host(), target.port()))) {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                onConnected();
            } else {
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            dropped("connect: " + e);
        }
    }

    /**
     * Called by the loop when the selector says so.
     *
     * @param selected the key selected, ignored if it belongs to a socket closed since
     * @param readBuffer the loop's read buffer, shared by its connections
     */
    final void onSelected(SelectionKey selected, ByteBuffer readBuffer) {
        if (selected != key || !selected.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                onConnected();
            }
            if (key.isValid() && key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                read(readBuffer);
            }
        } catch (IOException | RuntimeException e) {
            dropped(e.toString());
        }
    }

    private void read(ByteBuffer buffer) throws IOException {
        SocketChannel current = channel;
        for (int round = 0; round < 4 && channel == current; round++) {
            buffer.clear();
            int n = current.read(buffer);
            if (n < 0) {
                if (!raw && !chunkedBody && bodyRemaining < 0 && head.complete()) {
                    onResponseEnd(); // a body delimited by the close
                }
                dropped("the server closed the connection");
                return;
            }
            if (n == 0) {
                return;
            }
            bytes(buffer.array(), 0, n);
            if (n < buffer.capacity()) {
                return;
            }
        }
    }

    private void bytes(byte[] b, int off, int len) {
        // A protocol may drop (and reopen) the connection from a callback: the rest belongs to the old socket.
        SocketChannel current = channel;
        while (len > 0 && channel == current) {
            if (!head.complete()) {
                int n = head.feed(b, off, len);
                off += n;
                len -= n;
                if (head.complete()) {
                    chunkedBody = head.chunked();
                    bodyRemaining = chunkedBody ? -1 : head.contentLength();
                    raw = onHead(head);
                    if (!raw && !chunkedBody && bodyRemaining == 0) {
                        responseEnd();
                    }
                }
            } else if (raw) {
                body(b, off, len);
                return;
            } else if (chunkedBody) {
                int n = chunked.feed(b, off, len, this);
                off += n;
                len -= n;
                if (chunked.done()) {
                    responseEnd();
                }
            } else if (bodyRemaining >= 0) {
                int n = (int) Math.min(bodyRemaining, len);
                body(b, off, n);
                off += n;
                len -= n;
                bodyRemaining -= n;
                if (bodyRemaining == 0) {
                    responseEnd();
                }
            } else {
                body(b, off, len);
                return;
            }
        }
    }

    private void responseEnd() {
        boolean closes = head.closes();
        head.reset();
        chunked.reset();
        chunkedBody = false;
        onResponseEnd();
        if (closes && channel != null) {
            dropped("the server closed the connection after a response");
        }
    }

    /**
     * Sends bytes: written at once if the socket takes them, the rest when it is writable again.
     *
     * @param bytes what to send
     */
    final void send(byte[] bytes) {
        if (channel == null) {
            return;
        }
        if (pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(pendingOut.remaining() + bytes.length);
            joined.put(pendingOut).put(bytes).flip();
            pendingOut = joined;
        } else {
            pendingOut = ByteBuffer.wrap(bytes);
        }
        try {
            flush();
        } catch (IOException e) {
            dropped("write: " + e);
        }
    }

    final void send(String ascii) {
        send(ascii.getBytes(StandardCharsets.UTF_8));
    }

    private void flush() throws IOException {
        if (pendingOut != null) {
            channel.write(pendingOut);
            if (pendingOut.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            pendingOut = null;
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    /** The request line's target and Host header, ready to append headers to. */
    final String requestStart(String pathAndQuery) {
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port() + "\r\n";
    }

    /** Marks the connection ready: subscribed and waiting for events. */
    final void ready() {
        if (!ready) {
            ready = true;
            loop.onReady(this);
        }
    }

    /** Delivers one event to the checks and the latency histogram. */
    final void deliver(long id, long sentNanos) {
        deliver(id, sentNanos, System.nanoTime());
    }

    /** Delivers one event of a batch that arrived at {@code receivedNanos}. */
    final void deliver(long id, long sentNanos, long receivedNanos) {
        check.onEvent(id);
        loop.onDelivery(sentNanos, receivedNanos);
    }

    /**
     * The connection ended. During a run it is reopened (the subclass resumes after
     * {@code check.highest()}); past {@link #MAX_RECONNECTS}, or before it was ever ready, it fails.
     */
    final void dropped(String why) {
        close();
        if (failed || loop.stopping()) {
            return;
        }
        if (ready && reconnects < MAX_RECONNECTS) {
            reconnects++;
            loop.onReconnect();
            head.reset();
            chunked.reset();
            chunkedBody = false;
            raw = false;
            onReopen();
            open();
        } else {
            failed = true;
            loop.onFailed(this, why);
        }
    }

    /**
     * Fails for good, without reopening: the server answered something a reopen would not fix.
     *
     * @param why what went wrong, for the report
     */
    final void fail(String why) {
        close();
        if (!failed && !loop.stopping()) {
            failed = true;
            loop.onFailed(this, why);
        }
    }

    /** Closes the socket, quietly. */
    final void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing is best effort
            }
            channel = null;
            key = null;
            pendingOut = null;
        }
    }

    /** @return whether it was ever ready */
    final boolean isReady() {
        return ready;
    }

    /** @return whether it failed for good */
    final boolean failed() {
        return failed;
    }

    /** @return how often it was reopened */
    final int reconnects() {
        return reconnects;
    }

    /** The socket connected: write the request. */
    abstract void onConnected();

    /**
     * The response head arrived.
     *
     * @param response the head
     * @return true if every following byte is the protocol's own (a WebSocket after 101)
     */
    abstract boolean onHead(HttpResponseHead response);

    /** A whole response body was read (long-poll); an endless stream never ends. */
    void onResponseEnd() {
    }

    /** About to reopen after a drop: reset the protocol's parser. */
    abstract void onReopen();
}
