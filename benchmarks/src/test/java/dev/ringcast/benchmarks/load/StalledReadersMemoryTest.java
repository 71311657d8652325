package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers that stop reading must not take the server down. The standalone server runs in its own
 * JVM with a 1 GiB heap (and exits on an OutOfMemoryError); 200 SSE connections replay a full
 * ring of 60 KB events and never read a byte, then 2,000 more such events are published to their
 * topic. Before, each connection concatenated a private copy of its batch (up to 1,024 events,
 * 60 MB) and the heap died; now a connection holds at most one batch of references to the events'
 * shared frames. Meanwhile a reader that reads gets every event in order and a long-poll on
 * another topic is answered. The heap after a full collection is printed and bounded.
 */
class StalledReadersMemoryTest {

    private static final int STALLED = 200;
    private static final int EVENT_BYTES = 60 * 1024;
    private static final int RING = 1024;
    private static final int PUBLISHED_WHILE_STALLED = 2_000;
    /** The ring's events and their SSE frames are about 130 MB; everything else must stay small. */
    private static final long HEAP_BOUND_BYTES = 400L << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoHundredReadersThatNeverReadLeaveABoundedHeapAndOthersAreServed() throws Exception {
        try (ServerProcess server = ServerProcess.start("ringcast", RING,
                List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"))) {
            URI base = server.uri();
            String payload = "{\"blob\":\"" + "x".repeat(EVENT_BYTES - 12) + "\"}";
            for (int i = 0; i < RING; i++) {
                publish(base, "big", payload);
            }
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stalledReader(base, "/sse?topic=big&lastEventId=0"));
                }
                Healthy healthy = new Healthy(base);
                healthy.awaitOpen();
                for (int i = 0; i < PUBLISHED_WHILE_STALLED; i++) {
                    publish(base, "big", payload);
                    if (i % 500 == 0) {
                        assertLongPollServed(base, i);
                    }
                }
                healthy.awaitEvents(PUBLISHED_WHILE_STALLED);
                assertEquals(0, healthy.outOfOrder.get(), "the reading client got every event in order");
                MemorySample memory = server.memory();
                System.out.printf("%d stalled SSE readers after a %d-event replay, %d x %d KB events published: "
                                + "server heap after GC %.1f MiB, RSS %.1f MiB%n", STALLED, RING, PUBLISHED_WHILE_STALLED,
                        EVENT_BYTES / 1024, memory.heapUsedBytes() / 1048576.0, memory.rssBytes() / 1048576.0);
                assertTrue(memory.heapUsedBytes() < HEAP_BOUND_BYTES, "heap after GC is "
                        + memory.heapUsedBytes() / 1048576 + " MiB, over " + (HEAP_BOUND_BYTES >> 20) + " MiB");
                healthy.close();
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    private void publish(URI base, String topic, String data) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"blob\",\"data\":" + data + "}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), "publish answered " + r.body());
    }

    private void assertLongPollServed(URI base, int round) throws Exception {
        publish(base, "chat", "{\"round\":" + round + "}");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/topics/chat/events?last_event=0&timeout=0"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"round\":" + round), r.body());
    }

    /** A connection that asks for a stream and never reads: its receive window fills at once. */
    private static Socket stalledReader(URI base, String path) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** An SSE client that reads everything published live, checking ids are consecutive. */
    private static final class Healthy implements AutoCloseable {
        final AtomicLong events = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final AtomicReference<String> position = new AtomicReference<>();
        private final Socket socket;
        private final Thread reader;

        Healthy(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.getOutputStream().write("GET /sse?topic=big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8),
                    1 << 17);
            reader = new Thread(() -> read(in), "healthy-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(BufferedReader in) {
            long last = -1;
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("id: ")) {
                        continue;
                    }
                    long id = Long.parseLong(line.substring(4).trim());
                    if (position.get() == null) {
                        position.set(line); // the stream's position block comes first
                    } else {
                        if (last >= 0 && id != last + 1) {
                            outOfOrder.incrementAndGet();
                        }
                        events.incrementAndGet();
                    }
                    last = id;
                }
            } catch (IOException | RuntimeException e) {
                // closed
            }
        }

        void awaitOpen() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (position.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(position.get() != null, "the reading client's stream opened");
        }

        void awaitEvents(long n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(n, events.get(), "the reading client got every event published while the others stalled");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
