package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of the README, verbatim between the {@code ---} comments, so that a snippet
 * that stops compiling fails the build. Those that can run here run, and their results are checked.
 */
class ReadmeSnippetsTest {

    @Test
    void theQuickStartPrintsEveryEventBeforeTheHubCloses() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            quickStart();
        } finally {
            System.setOut(original);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(2, lines.stream().filter(l -> l.endsWith(" paid {\"order\":42}")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.endsWith(" created {\"order\":42}")).count(), lines.toString());
    }

    private static void quickStart() throws InterruptedException {
        // --- README: Quick start (Java) ---
        CountDownLatch delivered = new CountDownLatch(3);       // "created" and "paid" live, then "paid" on resume
        EventSink printer = new EventSink() {
            public boolean onEvents(Subscription s, List<Event> batch) {
                batch.forEach(e -> {
                    System.out.println(e.id() + " " + e.type() + " " + e.dataJson());
                    delivered.countDown();
                });
                return true;                                    // ready for more
            }
            public boolean onReset(Subscription s, Reset r) { return true; }   // the asked-for id was gone
            public void onClosed(Subscription s, CloseReason why) { }
        };
        try (EventHub hub = EventHub.builder().build()) {
            hub.subscribe("orders", Position.live(), printer);
            long id = hub.publish("orders", "created", Map.of("order", 42)).id();
            hub.publish("orders", "paid", Map.of("order", 42));
            hub.subscribe("orders", Position.after(id), printer); // a client resuming after its last id: "paid", then live
            delivered.await(5, TimeUnit.SECONDS);               // delivery is asynchronous: wait before closing the hub
        }
        // ---
    }

    @Test
    void theCodecLambdaOverAJackson2MapperCompilesAndEncodes() {
        ObjectMapper myMapper = new ObjectMapper();
        // --- README: Why Jackson 2 ---
        EventHub hub = EventHub.builder().codec(data -> {
            try {
                return myMapper.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the data cannot be encoded as JSON: " + e.getMessage(), e);
            }
        }).build();
        // ---
        try (hub) {
            assertEquals("{\"a\":1}", hub.publish("t", "x", Map.of("a", 1)).dataJson());
        }
    }

    @SuppressWarnings("unused")
    private static void sseRegistration(ServletContext servletContext, EventHub hub) {
        // --- README: Server-Sent Events ---
        // Jetty, Tomcat, Undertow: register it like any servlet, with async support on.
        ServletRegistration.Dynamic sse = servletContext.addServlet("sse", new SseServlet(hub,
                SseSettings.builder().heartbeat(Duration.ofSeconds(15)).allowedOrigins(List.of("https://app.example.com")).build()));
        sse.addMapping("/sse");
        sse.setAsyncSupported(true);
        // ---
    }

    @SuppressWarnings("unused")
    private static void webSocketRegistration(ServerContainer serverContainer, EventHub hub) throws DeploymentException {
        // --- README: WebSocket and durable channels ---
        serverContainer.addEndpoint(RingcastWebSocket.endpointConfig(hub, WebSocketSettings.defaults(), "/ws"));
        // ---
    }

    @Test
    void theStandaloneServerSnippetServesTheHub() {
        // The README's snippet binds port 8080; here port 0, the rest as written.
        // --- README: The standalone server ---
        try (RingcastServer server = RingcastServer.builder().port(0).bindAddress("127.0.0.1").build().start()) {
            server.hub().publish("news", "headline", Map.of("text", "hello"));
        // ---
            assertTrue(server.hub().window("news").headId() > 0);
        }
    }
}
