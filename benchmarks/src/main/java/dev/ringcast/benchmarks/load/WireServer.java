package dev.ringcast.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The "wire limit" baseline: a bare NIO server on one thread that does nothing but what a fan-out
 * server cannot avoid. {@code GET /sse...} gets a fixed SSE response head and joins the
 * subscribers; {@code POST /topics/{t}/events} assigns the next id, encodes the event's chunked
 * SSE frame once and answers 201 at once. After each round of the selector, the frames published
 * in that round are written to every subscriber as the same bytes, in one non-blocking gathering
 * write per socket: under load several events go out per system call, as a fan-out server must
 * coalesce to keep up. What a socket does not take is queued and sent when it is writable again;
 * a subscriber more than {@link #MAX_BACKLOG_BYTES} behind is dropped. No topics, no
 * replay, no ring: the ceiling of this machine's loopback for this load, against which Ringcast's
 * deliveries/s reads as a fraction.
 *
 * <p>Threads: {@link #start} and {@link #close} from one thread; everything else runs on the
 * server's own thread.
 */
final class WireServer implements AutoCloseable {

    static final int MAX_BACKLOG_BYTES = 16 << 20;

    private static final byte[] SSE_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream;charset=utf-8\r\n"
            + "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final List<Peer> subscribers = new ArrayList<>();
    /** Frames published since the last fan-out: written together, as one gathering write per socket. */
    private final List<byte[]> batch = new ArrayList<>();
    private long head;
    private volatile boolean closed;

    /** One accepted socket: a subscriber once it asked for /sse, else a publisher. */
    private static final class Peer {
        final SocketChannel channel;
        SelectionKey key;
        byte[] request = new byte[1024];
        int requestLength;
        boolean subscriber;
        final ArrayList<ByteBuffer> pending = new ArrayList<>();
        long pendingBytes;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * Binds the port.
     *
     * @param host the address to bind, such as 127.0.0.1
     * @param port the port, 0 for any free one
     */
    WireServer(String host, int port) {
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(host, port), 4096);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        thread = new Thread(this::loop, "wire-server");
        thread.setDaemon(true);
    }

    /** @return the port it listens on */
    int port() {
        return listener.socket().getLocalPort();
    }

    /** @return this server, serving */
    WireServer start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select(100);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Peer peer = (Peer) key.attachment();
                    try {
                        if (key.isWritable()) {
                            drain(peer);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(peer);
                        }
                    } catch (IOException e) {
                        drop(peer);
                    }
                }
                if (!batch.isEmpty()) {
                    fanOut(batch.toArray(new byte[0][]));
                    batch.clear();
                }
            }
        } catch (IOException e) {
            System.err.println("wire server died: " + e);
        }
    }

    private void accept() throws IOException {
        for (SocketChannel c; (c = listener.accept()) != null;) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Peer peer = new Peer(c);
            peer.key = c.register(selector, SelectionKey.OP_READ, peer);
        }
    }

    private void read(Peer peer) throws IOException {
        readBuffer.clear();
        int n = peer.channel.read(readBuffer);
        if (n < 0) {
            drop(peer);
            return;
        }
        if (peer.subscriber) {
            return; // a subscriber has nothing more to say
        }
        if (peer.requestLength + n > peer.request.length) {
            peer.request = Arrays.copyOf(peer.request, Math.max(peer.request.length * 2, peer.requestLength + n));
        }
        System.arraycopy(readBuffer.array(), 0, peer.request, peer.requestLength, n);
        peer.requestLength += n;
        while (!peer.subscriber && handleRequest(peer)) {
            // pipelined requests are handled in turn
        }
    }

    /** @return whether a whole request was handled (and removed from the peer's buffer) */
    private boolean handleRequest(Peer peer) throws IOException {
        int headEnd = indexOf(peer.request, peer.requestLength, "\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String headText = new String(peer.request, 0, headEnd, StandardCharsets.ISO_8859_1);
        int contentLength = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        int total = headEnd + 4 + contentLength;
        if (peer.requestLength < total) {
            return false;
        }
        String requestLine = headText.substring(0, Math.max(0, headText.indexOf("\r\n") < 0 ? headText.length()
                : headText.indexOf("\r\n")));
        if (requestLine.startsWith("GET /sse")) {
            peer.subscriber = true;
            subscribers.add(peer);
            write(peer, SSE_HEAD);
        } else if (requestLine.startsWith("POST /topics/")) {
            byte[] answer = publish(Arrays.copyOfRange(peer.request, headEnd + 4, total));
            write(peer, answer);
        } else {
            write(peer, NOT_FOUND);
        }
        System.arraycopy(peer.request, total, peer.request, 0, peer.requestLength - total);
        peer.requestLength -= total;
        return true;
    }

    private byte[] publish(byte[] body) throws IOException {
        JsonNode event = JSON.readTree(body);
        long id = ++head;
        byte[] payload = ("id: " + id + "\nevent: " + event.path("type").asText() + "\ndata: "
                + event.path("data").toString() + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] size = (Integer.toHexString(payload.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[size.length + payload.length + 2];
        System.arraycopy(size, 0, frame, 0, size.length);
        System.arraycopy(payload, 0, frame, size.length, payload.length);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        batch.add(frame);
        String json = "{\"id\":" + id + "}";
        return ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the same frames to every subscriber; iterates a copy, as a failed write drops the peer. */
    private void fanOut(byte[][] frames) {
        for (Peer s : subscribers.toArray(new Peer[0])) {
            try {
                write(s, frames);
            } catch (IOException e) {
                drop(s);
            }
        }
    }

    private void write(Peer peer, byte[]... frames) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            buffers[i] = ByteBuffer.wrap(frames[i]); // a view: the bytes themselves are shared
        }
        int from = 0;
        if (peer.pending.isEmpty()) {
            peer.channel.write(buffers);
            while (from < buffers.length && !buffers[from].hasRemaining()) {
                from++;
            }
            if (from == buffers.length) {
                return;
            }
            peer.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        for (int i = from; i < buffers.length; i++) {
            peer.pending.add(buffers[i]);
            peer.pendingBytes += buffers[i].remaining();
        }
        if (peer.pendingBytes > MAX_BACKLOG_BYTES) {
            drop(peer);
        }
    }

    private void drain(Peer peer) throws IOException {
        ByteBuffer[] all = peer.pending.toArray(new ByteBuffer[0]);
        peer.pendingBytes -= peer.channel.write(all);
        int done = 0;
        while (done < all.length && !all[done].hasRemaining()) {
            done++;
        }
        peer.pending.subList(0, done).clear();
        if (peer.pending.isEmpty()) {
            peer.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void drop(Peer peer) {
        if (peer.subscriber) {
            subscribers.remove(peer);
        }
        peer.pending.clear();
        peer.key.cancel();
        try {
            peer.channel.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    private static int indexOf(byte[] b, int length, String s) {
        outer:
        for (int i = 0; i + s.length() <= length; i++) {
            for (int k = 0; k < s.length(); k++) {
                if (b[i + k] != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
            listener.close();
        } catch (IOException e) {
            // closing is best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
