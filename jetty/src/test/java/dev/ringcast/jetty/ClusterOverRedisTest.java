package dev.ringcast.jetty;

import static dev.ringcast.jetty.SseStream.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.RedisServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Standalone servers started with {@code --redis}, as a cluster behind a load balancer would run
 * them, over a real redis-server: publish over HTTP on one node and receive over SSE on every
 * node, resume on another node with {@code Last-Event-ID}, a node killed mid-stream, Redis down.
 */
class ClusterOverRedisTest {

    private static RedisServer redis;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private static int topics;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    private RingcastServer node(String name, String redisUri) {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        RingcastServer server = StandaloneServer.run(new String[] {"--port", "0", "--redis", redisUri,
                "--node-name", name, "--ring-size", "64"}, new PrintStream(banner, true, StandardCharsets.UTF_8));
        assertTrue(banner.toString(StandardCharsets.UTF_8).contains("as a cluster node, topics in Redis at 127.0.0.1:"),
                banner.toString(StandardCharsets.UTF_8));
        return closing(server);
    }

    private static String topic() {
        return "http-" + (++topics) + "-" + Long.toHexString(System.nanoTime());
    }

    private HttpResponse<String> post(URI node, String topic, int n) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(node.resolve("/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"tick\",\"data\":{\"n\":" + n + "}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long publish(URI node, String topic, int n) throws IOException, InterruptedException {
        HttpResponse<String> r = post(node, topic, n);
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\\{\"id\":(\\d+)}").matcher(r.body());
        assertTrue(m.matches(), r.body());
        return Long.parseLong(m.group(1));
    }

    private SseStream sse(URI node, String topic, String lastEventId) {
        SseStream s = closing(SseStream.open(node.resolve("/sse?topic=" + topic), lastEventId));
        assertEquals(200, s.status());
        return s;
    }

    @Test
    void anEventPublishedOverHttpOnOneNodeReachesSseSubscribersOnEveryNode() throws Exception {
        List<RingcastServer> nodes = List.of(node("n1", redis.uri()), node("n2", redis.uri()),
                node("n3", redis.uri()));
        String t = topic();
        List<SseStream> streams = nodes.stream().map(n -> sse(n.uri(), t, null)).toList();
        for (SseStream s : streams) {
            await(() -> s.lastEventId() != null, "the stream's position came first");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add(publish(nodes.get(i % 3).uri(), t, i));
        }
        for (SseStream s : streams) {
            assertEquals(ids, s.awaitEvents(21).eventIds(), "every node streams every event once, in order");
            assertEquals("{\"n\":20}", s.frames().get(20).data());
        }
    }

    @Test
    void aClientResumesOnAnotherNodeWithItsLastEventIdAndMissesNothing() throws Exception {
        RingcastServer n1 = node("n1", redis.uri());
        RingcastServer n2 = node("n2", redis.uri());
        RingcastServer n3 = node("n3", redis.uri());
        String t = topic();
        SseStream first = sse(n1.uri(), t, null);
        await(() -> first.lastEventId() != null, "the stream's position came first");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(publish(n1.uri(), t, i));
        }
        first.awaitEvents(100);
        first.close();
        for (int i = 100; i < 200; i++) { // more than the nodes' rings (64) while the client is away
            ids.add(publish(n2.uri(), t, i));
        }
        SseStream resumed = sse(n3.uri(), t, first.lastEventId());
        resumed.awaitEvents(100);
        assertEquals(ids.subList(100, 200), resumed.eventIds());
        assertEquals(List.of(), resumed.resets());
    }

    @Test
    void whenANodeIsKilledItsClientsResumeOnAnotherNodeAndLoseNothing() throws Exception {
        RingcastServer survivor = node("survivor", redis.uri());
        RingcastServer publisherNode = node("publisher", redis.uri());
        String t = topic();
        try (ChildNode doomed = ChildNode.start(redis.uri())) {
            List<SseStream> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SseStream c = sse(doomed.uri(), t, null);
                await(() -> c.lastEventId() != null, "the stream's position came first");
                clients.add(c);
            }
            AtomicBoolean killed = new AtomicBoolean();
            List<Long> ids = new ArrayList<>();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        ids.add(publish(publisherNode.uri(), t, i));
                        if (i == 50) {
                            killed.set(true);
                            doomed.kill(); // SIGKILL: no goodbye to anyone
                        }
                        Thread.sleep(10);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<List<Long>> received = new ArrayList<>();
            for (SseStream c : clients) {
                await(c::ended, "the killed node's stream ended");
                assertTrue(killed.get());
                // The client reconnects, to another node, with the id it last saw.
                List<Long> mine = new ArrayList<>(c.eventIds());
                SseStream again = sse(survivor.uri(), t, c.lastEventId());
                received.add(mine);
                clients.set(clients.indexOf(c), again);
            }
            publishing.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < clients.size(); i++) {
                SseStream again = clients.get(i);
                List<Long> mine = received.get(i);
                await(() -> mine.size() + again.eventIds().size() >= 150, "client got the rest after resuming");
                mine.addAll(again.eventIds());
                assertEquals(ids, mine, "client " + i + ": every event exactly once, in order, across the failover");
                assertEquals(List.of(), again.resets());
            }
        }
    }

    @Test
    void aPublishAnswers503WhileRedisIsDownAndSubscribersAreResetWhenItComesBackEmpty() throws Exception {
        RedisServer own = closing(RedisServer.start());
        RingcastServer node = node("lonely", own.uri());
        String t = topic();
        SseStream s = sse(node.uri(), t, null);
        await(() -> s.lastEventId() != null, "the stream's position came first");
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = publish(node.uri(), t, i);
        }
        s.awaitEvents(3);

        own.kill();
        HttpResponse<String> refused = post(node.uri(), t, 99);
        for (int i = 0; i < 50 && refused.statusCode() == 201; i++) { // until the node notices
            Thread.sleep(20);
            refused = post(node.uri(), t, 99);
        }
        assertEquals(503, refused.statusCode(), refused.body());
        // A publish caught in flight by the drop is told so ("may or may not have been published":
        // the append script is atomic, so it happened entirely or not at all); once the node knows
        // Redis is down, every publish is refused at once as unreachable.
        for (int i = 0; i < 50 && refused.body().contains("may or may not have been published"); i++) {
            Thread.sleep(20);
            refused = post(node.uri(), t, 99);
            assertEquals(503, refused.statusCode(), refused.body());
        }
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(refused.body().startsWith("{\"error\":\"Redis at 127.0.0.1:") && refused.body().contains("unreachable"),
                refused.body());

        own.restart(); // empty
        await(() -> !s.resets().isEmpty(), "the subscriber was reset: the history it read is gone");
        String reset = s.resets().get(0).data();
        assertTrue(reset.contains("\"requested\":" + last) && reset.contains("\"cause\":\"UNKNOWN_ID\""), reset);
        long after = 0;
        for (int i = 0; i < 50 && after == 0; i++) { // until the node has reconnected
            HttpResponse<String> r = post(node.uri(), t, 100);
            if (r.statusCode() == 201) {
                after = Long.parseLong(r.body().replaceAll("\\D", ""));
            } else {
                Thread.sleep(50);
            }
        }
        assertTrue(after > last, "new ids are above the lost ones");
        s.awaitEvents(4);
        assertEquals(after, s.eventIds().get(3));
    }

    /** A standalone node in a JVM of its own, so that it can be killed as a crash would. */
    private static final class ChildNode implements AutoCloseable {
        private final Process process;
        private final URI uri;

        private ChildNode(Process process, URI uri) {
            this.process = process;
            this.uri = uri;
        }

        static ChildNode start(String redisUri) throws Exception {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), StandaloneServer.class.getName(),
                    "--port", "0", "--redis", redisUri, "--node-name", "child");
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            Matcher m = line == null ? null : Pattern.compile("Ringcast is serving on (\\S+) ").matcher(line);
            if (m == null || !m.find()) {
                p.destroyForcibly();
                throw new IllegalStateException("the child node did not start: " + line);
            }
            CompletableFuture.runAsync(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // it died
                }
            });
            return new ChildNode(p, URI.create(m.group(1)));
        }

        URI uri() {
            return uri;
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
        }
    }
}
