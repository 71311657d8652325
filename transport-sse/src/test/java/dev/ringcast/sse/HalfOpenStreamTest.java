package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A half-open stream, in every container: the client's socket stays open but nothing reads it
 * (as when the peer vanished without a FIN, and the network stops acknowledging). Once the
 * server's writes stall, the heartbeat finds it: after a bounded number of heartbeats the stream
 * is closed and its subscription released, while a client that reads keeps its stream.
 */
@Timeout(90)
class HalfOpenStreamTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** Four stalled heartbeats close a stream; the rest is slack for the container to report the stall. */
    private static final int BOUNDED_HEARTBEATS = 40;

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamWhoseClientStoppedReadingIsReleasedWithinBoundedHeartbeats(ContainerKind kind) throws Exception {
        SseServlet servlet;
        try (EventHub hub = EventHub.builder().ringCapacity(64).build();
             ServletContainer server = kind.create().servlet("sse", servlet = new SseServlet(hub,
                     SseSettings.builder().heartbeat(HEARTBEAT).build()), "/sse").start();
             Socket vanished = open(server.port(), "half");
             Socket reader = open(server.port(), "half")) {
            AtomicLong read = new AtomicLong();
            Thread reading = new Thread(() -> drain(reader, read), "sse-reader");
            reading.setDaemon(true);
            reading.start();
            await(() -> hub.subscriptionCount() == 2, Duration.ofSeconds(10), "two streams open");
            assertTrue(vanished.isConnected(), "the stalled client never closes its socket");

            // 32 MB of events: more than the socket buffers and the container take from a stalled stream.
            String data = "\"" + "x".repeat(250 * 1024) + "\"";
            for (int i = 0; i < 128; i++) {
                hub.publishJson("half", "big", data);
            }
            long published = System.nanoTime();
            await(() -> servlet.openStreams() == 1 && hub.subscriptionCount() == 1,
                    HEARTBEAT.multipliedBy(BOUNDED_HEARTBEATS), "the stalled stream to be released");
            long heartbeats = (System.nanoTime() - published) / HEARTBEAT.toNanos();
            System.out.printf("%s: the stalled stream was released %d heartbeats after the last publish; "
                    + "the reading one had read %d bytes%n", kind, heartbeats, read.get());

            long before = read.get();
            hub.publish("half", "small", Map.of("after", true));
            await(() -> read.get() > before, Duration.ofSeconds(10), "the reading client to get the next event");
            assertEquals(1, servlet.openStreams(), "the client that reads keeps its stream");
        }
    }

    private static Socket open(int port, String topic) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setReceiveBufferSize(64 * 1024);
        s.getOutputStream().write(("GET /sse?topic=" + topic + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static void drain(Socket s, AtomicLong read) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = s.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.addAndGet(n);
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration within, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
