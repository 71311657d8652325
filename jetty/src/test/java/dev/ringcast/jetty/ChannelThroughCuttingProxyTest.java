package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.testkit.CuttingProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A durable-channel client (the JDK's {@code java.net.http.WebSocket}, with
 * {@code Authorization: Bearer <key>}) reading a real {@link RingcastServer} through a
 * {@link CuttingProxy} that resets every connection after 1 to 2 s, with no close frame, while
 * events are published to the channel's two topics for several seconds. The proxy delays bytes by
 * 100 ms, so at every cut the server's cursor is past frames still in flight: without the client's
 * ids they would be lost. It reconnects with its
 * last ids ({@code ?lastEventId=a:..,b:..}); every event must arrive exactly once, in order, with
 * no reset.
 */
@Timeout(90)
class ChannelThroughCuttingProxyTest {

    private static final String KEY = "channel-client-key";
    private static final Duration RECONNECT_AFTER = Duration.ofMillis(500);
    /** Frames the server has sent but the client has not received at each cut: about 30 at 300 events/s. */
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final int EVENTS = 1500;
    private static final Duration PUBLISHING = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @Test
    void aChannelClientResumingWithItsLastIdsGetsEveryEventOnceInOrderWhileTheProxyCutsEveryConnection()
            throws Exception {
        List<String> topics = List.of("cut-channel-a", "cut-channel-b");
        try (RingcastServer server = RingcastServer.builder().port(0).ringCapacity(4096).demoPage(false).build().start();
             CuttingProxy proxy = CuttingProxy.to(server.port()).lifetime(Duration.ofSeconds(1), Duration.ofSeconds(2))
                     .latency(LATENCY).start()) {
            register(server.uri().resolve("channels/feed"), topics);
            try (ResumingChannelClient client = new ResumingChannelClient(
                    URI.create("ws://127.0.0.1:" + proxy.port() + "/channels/feed/ws"))) {
                client.start();
                Delivery.await(() -> client.positions.keySet().containsAll(topics), WAIT,
                        () -> "the subscribed frames of " + topics + ": " + client.summary());

                Map<String, List<Long>> published = Delivery.publishSteadily(server.hub(), topics, EVENTS, PUBLISHING);

                // A connection lives 2 s at most and the client is back 0.5 s later: what is missing
                // after several of those cycles is lost, and the assertions below say what it was.
                if (Delivery.within(() -> client.receivedCount() >= EVENTS, SETTLE)) {
                    int opensWhenComplete = client.opens.get();
                    Delivery.await(() -> client.opens.get() >= Math.max(4, opensWhenComplete + 1), WAIT,
                            () -> "another reconnect after the last event: " + client.summary());
                    Thread.sleep(300); // what a reconnect would repeat arrives right after it opens
                }

                for (String topic : topics) {
                    Delivery.assertExactlyOnceInOrder(published.get(topic), client.received(topic),
                            "channel topic " + topic + " through the cutting proxy");
                }
                assertEquals(List.of(), client.resets, "no reset");
                assertEquals(List.of(), client.unexpected, "no error or other frame");
                System.out.printf("Channel through the cutting proxy: %d connections, %d cut, %d opens, %d events%n",
                        proxy.connections(), proxy.cuts(), client.opens.get(), client.receivedCount());
                assertTrue(proxy.cuts() >= 3, "the proxy cut " + proxy.cuts() + " connections: too few to test resumption");
                assertTrue(client.opens.get() >= 4, "the client connected " + client.opens.get() + " times");
                assertTrue(client.urls.stream().skip(1).allMatch(u -> u.contains("lastEventId=")),
                        "every reconnect named the client's last ids: " + client.urls);
            }
        }
    }

    private static void register(URI channel, List<String> topics) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String body = topics.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",", "{\"topics\":[", "]}"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(channel).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + KEY).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    /**
     * A channel client as an application would write one: it keeps each topic's position (the
     * subscribed frame's lastEventId, then every event's and reset's id) and, whenever its
     * connection ends, reconnects after a short pause naming them all. It records every event
     * frame as received, repeats included, so that the test sees what the server sent.
     */
    private static final class ResumingChannelClient implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();

        final Map<String, Long> positions = new ConcurrentHashMap<>();
        final AtomicInteger opens = new AtomicInteger();
        final List<String> resets = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final List<String> urls = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, List<Long>> received = new ConcurrentHashMap<>();
        private final URI base;
        private final ExecutorService io = Executors.newCachedThreadPool();
        private final HttpClient http;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private volatile WebSocket socket;
        private volatile boolean closed;

        ResumingChannelClient(URI base) {
            this.base = base;
            this.http = HttpClient.newBuilder().executor(io).build();
        }

        void start() {
            connect();
        }

        private void connect() {
            if (closed) {
                return;
            }
            String ids = positions.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
            URI uri = ids.isEmpty() ? base : URI.create(base + "?lastEventId=" + ids);
            urls.add(uri.toString());
            Connection connection = new Connection();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + KEY).connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, connection)
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            connection.ended(); // cut during the handshake
                        } else {
                            socket = ws;
                        }
                    });
        }

        /** One connection's listener: frames in order, and one reconnect when it ends, however it ends. */
        private final class Connection implements WebSocket.Listener {
            private final StringBuilder partial = new StringBuilder();
            private final AtomicBoolean ended = new AtomicBoolean();

            @Override
            public void onOpen(WebSocket webSocket) {
                opens.incrementAndGet();
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    handle(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                ended();
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                ended(); // the proxy's reset: no close frame
            }

            void ended() {
                if (ended.compareAndSet(false, true) && !closed) {
                    timer.schedule(ResumingChannelClient.this::connect, RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }

        private void handle(String text) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (IOException e) {
                unexpected.add(text);
                return;
            }
            String type = frame.path("type").asText();
            String topic = frame.path("topic").asText();
            if ("subscribed".equals(type)) {
                positions.put(topic, frame.get("lastEventId").asLong());
            } else if ("reset".equals(type)) {
                resets.add(text);
                positions.put(topic, frame.get("id").asLong());
            } else if (frame.has("id")) {
                long id = frame.get("id").asLong();
                received.computeIfAbsent(topic, t -> Collections.synchronizedList(new ArrayList<>())).add(id);
                positions.merge(topic, id, Math::max); // a repeat (never expected) would not move it back
            } else {
                unexpected.add(text);
            }
        }

        List<Long> received(String topic) {
            List<Long> ids = received.getOrDefault(topic, List.of());
            synchronized (ids) {
                return List.copyOf(ids);
            }
        }

        int receivedCount() {
            return received.values().stream().mapToInt(List::size).sum();
        }

        String summary() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            received.forEach((t, ids) -> counts.put(t, ids.size()));
            return "received " + counts + ", positions " + positions + ", opens " + opens.get() + ", resets " + resets
                    + ", unexpected " + unexpected;
        }

        @Override
        public void close() {
            closed = true;
            timer.shutdownNow();
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
            io.shutdownNow();
        }
    }
}
