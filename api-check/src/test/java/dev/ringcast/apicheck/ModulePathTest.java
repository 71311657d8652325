package dev.ringcast.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The published modules as named modules: the standalone server started on the module path
 * ({@code java -p ... -m dev.ringcast.jetty/...}), so every {@code module-info.java} must require
 * what its code and its libraries need at run time, and export what the containers instantiate.
 * Then one publish, read back over long-poll, SSE and WebSocket.
 */
class ModulePathTest {

    @Test
    void theStandaloneServerRunsOnTheModulePathAndServesEveryTransport() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath(), "-m", "dev.ringcast.jetty/dev.ringcast.jetty.StandaloneServer",
                "--port", Integer.toString(port));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null;) {
                output.append(line).append('\n');
                if (line.startsWith("Ringcast is serving on")) {
                    break;
                }
            }
            assertTrue(output.toString().contains("Ringcast is serving on"), "the server did not start:\n" + output);
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "module-path-server-output");
            drain.setDaemon(true);
            drain.start();

            URI base = URI.create("http://127.0.0.1:" + port + "/");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();

            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?topic=mods"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> sse = http.sendAsync(
                    HttpRequest.newBuilder(base.resolve("sse?topic=mods")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            HttpResponse<java.util.stream.Stream<String>> stream = sse.get(10, TimeUnit.SECONDS);
            assertEquals(200, stream.statusCode());
            String subscribed = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(subscribed != null && subscribed.contains("\"subscribed\""), "WebSocket: " + subscribed);

            HttpResponse<String> published = http.send(HttpRequest.newBuilder(base.resolve("topics/mods/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"hello\",\"data\":{\"n\":1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, published.statusCode(), published.body());

            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(base.resolve("topics/mods/events?last_event=0"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, polled.statusCode(), polled.body());
            assertTrue(polled.body().contains("\"type\":\"hello\""), polled.body());

            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(frame != null && frame.contains("\"type\":\"hello\""), "WebSocket: " + frame);
            ws.abort();

            List<String> lines = new ArrayList<>();
            stream.body().takeWhile(l -> !l.startsWith("data: ")).forEach(lines::add);
            assertTrue(lines.contains("event: hello"), "SSE: " + lines);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * The jars of this test's class path that the server needs: the published modules and their
     * libraries, not the test framework.
     */
    private static String modulePath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> jars = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(p -> p.endsWith(".jar"))
                .filter(p -> {
                    String name = Path.of(p).getFileName().toString();
                    return !name.startsWith("junit-") && !name.startsWith("opentest4j") && !name.startsWith("apiguardian")
                            && !name.startsWith("classgraph") && !name.startsWith("surefire");
                })
                .toList();
        return String.join(File.pathSeparator, jars);
    }
}
